using LogForge.Delivery.GitHub;

namespace LogForge.Delivery.Doctor;

/// <summary>
/// The GitHub row: the token is there, its kind (by its prefix, refined by GitHub's answers: <c>X-OAuth-Scopes</c> for a classic PAT,
/// <c>GET /installation/repositories</c> answering for an installation token) and what it may do on the repository — as far as GitHub
/// says: an installation token's repository JSON carries no <c>permissions</c>, so its rights show only at the first write (a warning,
/// never a refusal, as TokenPreflight does).
/// </summary>
public static class GitHubCheck
{
    public const string Row = "GitHub token";
    private const string NeededBy = "Release, Promote, Rollback (not --dry-run); Status's pull request column";

    public static async Task<DoctorRow> RunAsync(GitHubAccess github, GitHubRepository? repository)
    {
        if (!github.HasToken)
            return DoctorRow.NotNeeded(Row, "no token (--github-token, GITHUB_TOKEN): not needed for Smoke, History, ValidationGate, Status's other columns, --dry-run",
                NeededBy);
        if (repository is null)
            return DoctorRow.Fail(Row, "cannot tell the GitHub repository from origin's URL", "pass --repository owner/name", NeededBy);
        var pulls = github.PullRequests(repository);
        try
        {
            var rights = await TokenRights.ReadAsync(pulls, github.TokenKind);
            var (info, kind) = (rights.Repository, rights.Kind);
            if (info.CanPush is null)
            {
                if (rights.ListedForInstallation == false)
                    return DoctorRow.Fail(Row, $"{GitHubTokens.Describe(kind)}: {info.FullName} is not among the installation's repositories",
                        "install the GitHub App on the repository, or use a token that can see it", NeededBy);
                return DoctorRow.Warn(Row, $"{GitHubTokens.Describe(kind)}; {info.FullName} readable; GitHub shows no permissions for this kind — " +
                    "its rights show at the first write (contents: write, pull-requests: write)", "nothing, unless the first push is refused", NeededBy);
            }
            if (info.CanPush == false)
                return DoctorRow.Fail(Row, $"{GitHubTokens.Describe(kind)}: GitHub says its user cannot push to {info.FullName} (permissions.push false)",
                    GitHubTokens.Grant(kind, "contents: write") ?? "use a token whose user can push", NeededBy);
            if (rights.ScopesLackRepo)
                return DoctorRow.Fail(Row, $"{GitHubTokens.Describe(kind)} with scopes {string.Join(", ", info.OAuthScopes)}: neither repo nor public_repo",
                    "add the repo scope (public_repo for a public repository)", NeededBy);
            return DoctorRow.Pass(Row, $"{GitHubTokens.Describe(kind)}; may push to {info.FullName}" +
                (info.OAuthScopes.Count > 0 ? $" (scopes {string.Join(", ", info.OAuthScopes)})" : ""), NeededBy);
        }
        catch (Exception e) when (GitHubFailure.IsGitHubFailure(e))
        {
            var (what, fix) = GitHubFailure.Describe(e, $"reading {repository}", "contents: read", github.ApiUrl, github.TokenKind);
            return DoctorRow.Fail(Row, what, fix, NeededBy);
        }
    }
}
