using LogForge.Delivery.Changes;
using LogForge.Delivery.GitHub;

namespace LogForge.Delivery.Git;

/// <summary>What every flow (Release, Promote, Rollback) establishes first about the checkout: the token (unless a dry run),
/// the remote, git with the token scoped to that remote, and the GitHub repository (given, or parsed from the remote's URL).</summary>
public sealed record FlowCheckout(GitCli Git, string RemoteUrl, GitHubRepository? Repository)
{
    public static async Task<FlowCheckout> OpenAsync(GitHubAccess github, string checkoutRoot, string remote, GitHubRepository? repository,
        bool dryRun, CancellationToken ct)
    {
        if (!dryRun && !github.HasToken)
            throw new DeliveryStepException("GitHub", "no GitHub token", "set --github-token or GITHUB_TOKEN (--dry-run needs none)");
        var remoteUrl = await new GitCli(checkoutRoot).RemoteUrlAsync(remote, ct)
            ?? throw new DeliveryStepException("origin", $"the checkout has no remote '{remote}'", $"add it: git remote add {remote} <url>");
        var resolved = repository ?? GitHubRepository.FromRemoteUrl(remoteUrl);
        if (!dryRun && resolved is null)
            throw new DeliveryStepException("GitHub", $"cannot tell the GitHub repository from {remote}'s URL ({WithoutCredentials(remoteUrl)})",
                "pass --repository owner/name");
        return new FlowCheckout(github.Git(checkoutRoot, remoteUrl), remoteUrl, resolved);
    }

    /// <summary>The URL without its user information: a remote may carry a token of its own, one the masker does not know.</summary>
    private static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? url.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal) : url;
}
