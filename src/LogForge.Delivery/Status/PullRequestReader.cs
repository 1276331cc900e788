using LogForge.Delivery.GitHub;

namespace LogForge.Delivery.Status;

/// <summary>Status's GitHub half: the open pull requests the delivery flows opened (their branches: release/*, promote/*, rollback/*),
/// newest first; without a token, none and why; a GitHub failure is that one line, not the end of Status.</summary>
public static class PullRequestReader
{
    public static readonly string[] FlowBranchPrefixes = ["release/", "promote/", "rollback/"];

    public static async Task<(IReadOnlyList<OpenPullRequest>? PullRequests, string? Problem)> ReadAsync(GitHubAccess github, GitHubRepository? repository)
    {
        if (!github.HasToken)
            return (null, "no GitHub token: pass --github-token (or set GITHUB_TOKEN) to list the open pull requests");
        if (repository is null)
            return (null, "cannot tell the GitHub repository from origin's URL: pass --repository owner/name to list the open pull requests");
        try
        {
            var open = await github.PullRequests(repository).ListOpenAsync();
            return (open.Where(p => FlowBranchPrefixes.Any(prefix => p.HeadBranch.StartsWith(prefix, StringComparison.Ordinal)))
                .Select(p => new OpenPullRequest(p.Number, p.Title, p.Url, p.HeadBranch, p.CreatedAt)).ToList(), null);
        }
        catch (Exception e) when (GitHubFailure.IsGitHubFailure(e))
        {
            var (what, fix) = GitHubFailure.Describe(e, "listing the open pull requests", "pull-requests: read", github.ApiUrl, github.TokenKind);
            return (null, $"{what} — {fix}");
        }
    }
}
