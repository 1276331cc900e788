using LogForge.Delivery.Changes;
using Octokit;

namespace LogForge.Delivery.GitHub;

/// <summary>One line for a failed GitHub call: what GitHub said (status and message) and what to do about it.</summary>
public static class GitHubFailure
{
    /// <summary>Whether the exception is a GitHub API or network failure this class can describe.</summary>
    public static bool IsGitHubFailure(Exception e) => e is ApiException or HttpRequestException or TaskCanceledException;

    /// <param name="action">what was being done, e.g. "creating the pull request"</param>
    /// <param name="permission">the token permission the action needs, e.g. "pull-requests: write"</param>
    /// <param name="kind">the token's kind, named in the advice of a 403</param>
    public static (string What, string Fix) Describe(Exception e, string action, string permission, string apiUrl,
        GitHubTokenKind kind = GitHubTokenKind.Unknown) => e switch
    {
        AuthorizationException => ($"GitHub rejected the token while {action} (401 {Said(e)})",
            "set a valid --github-token (or GITHUB_TOKEN)"),
        RateLimitExceededException limit => ($"GitHub's rate limit stopped {action} ({Said(e)}; it resets at {limit.Reset.UtcDateTime:HH:mm:ss} UTC)",
            "re-run after the reset, or with a longer --wait-timeout"),
        SecondaryRateLimitExceededException => ($"GitHub's secondary rate limit stopped {action} ({Said(e)})",
            "wait a few minutes, or re-run with a longer --wait-timeout"),
        ForbiddenException => ($"GitHub refused {action} (403 {Said(e)})", Forbidden(Said(e), permission, GitHubTokens.Refine(kind, Said(e)))),
        NotFoundException => ($"GitHub answered 404 while {action} ({Said(e)})",
            "check --repository and that the token can see the repository"),
        ApiValidationException validation => ($"GitHub refused {action} (422 {Said(e)}{Details(validation)})",
            "fix what GitHub names, then re-run"),
        ApiException api => ($"GitHub failed while {action} ({(int)api.StatusCode} {Said(e)})", "re-run; if it persists, check GitHub's status"),
        HttpRequestException or TaskCanceledException => ($"cannot reach GitHub at {apiUrl} while {action} ({e.Message})",
            "check --github-api-url and the network, then re-run"),
        _ => ($"{action} failed: {e.Message}", "re-run"),
    };

    /// <summary>Runs a GitHub call; a GitHub or network failure becomes a one-line <see cref="DeliveryStepException"/> at
    /// <paramref name="step"/>, with <paramref name="after"/> (what is left behind, e.g. a pushed branch) appended to what failed.
    /// A cancelled run (<paramref name="ct"/>) is no GitHub failure: the call is left at once and OperationCanceledException thrown.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, string step, string action, string permission, string apiUrl, CancellationToken ct,
        string after = "", GitHubTokenKind kind = GitHubTokenKind.Unknown)
    {
        try
        {
            return await call().WaitAsync(ct);
        }
        catch (Exception e) when (IsGitHubFailure(e) && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException($"cancelled while {action}", e, ct);
        }
        catch (Exception e) when (IsGitHubFailure(e))
        {
            var (what, fix) = Describe(e, action, permission, apiUrl, kind);
            throw new DeliveryStepException(step, what + after, fix, e);
        }
    }

    /// <summary>What to do about a permission 403: the permission, how the token's kind gets it, and the Actions setting GitHub names.</summary>
    internal static string Forbidden(string said, string permission, GitHubTokenKind kind)
    {
        if (said.Contains("not permitted to create or approve pull requests", StringComparison.OrdinalIgnoreCase))
            return "enable Settings → Actions → General → \"Allow GitHub Actions to create and approve pull requests\" "
                   + "(the repository forbids it to GITHUB_TOKEN), then re-run";
        var grant = GitHubTokens.Grant(kind, permission);
        return $"give the token {permission}" + (grant is null ? "" : $"; {grant}") + (permission.StartsWith("pull-requests", StringComparison.Ordinal)
            ? " (in Actions also enable Settings → Actions → \"Allow GitHub Actions to create and approve pull requests\")" : "") + ", then re-run";
    }

    private static string Said(Exception e) => e is ApiException { ApiError.Message: { Length: > 0 } message } ? message : e.Message;

    private static string Details(ApiValidationException e) =>
        e.ApiError?.Errors is { Count: > 0 } errors
            ? ": " + string.Join("; ", errors.Select(d => d.Message ?? $"{d.Resource}.{d.Field} {d.Code}"))
            : "";
}
