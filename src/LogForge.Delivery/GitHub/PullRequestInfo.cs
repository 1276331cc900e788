namespace LogForge.Delivery.GitHub;

/// <summary>What the flows need to know about a pull request.</summary>
public sealed record PullRequestInfo(
    int Number,
    string Url,
    bool Open,
    bool Merged,
    DateTimeOffset? MergedAt,
    string? MergeCommitSha,
    string HeadBranch,
    string HeadSha,
    string BaseBranch,
    string Title,
    string Body,
    DateTimeOffset? CreatedAt = null)
{
    internal static PullRequestInfo From(Octokit.PullRequest pr) => new(
        pr.Number, pr.HtmlUrl, pr.State.StringValue == "open", pr.Merged, pr.MergedAt, pr.MergeCommitSha,
        pr.Head.Ref, pr.Head.Sha, pr.Base.Ref, pr.Title ?? "", pr.Body ?? "", pr.CreatedAt);
}

/// <summary>The repository as the token sees it. <paramref name="CanPush"/>: its <c>permissions.push</c>, null when GitHub sent no
/// <c>permissions</c> (installation tokens: Actions' GITHUB_TOKEN, GitHub Apps). <paramref name="OAuthScopes"/>: the
/// <c>X-OAuth-Scopes</c> header (classic PATs and OAuth tokens), empty when absent.</summary>
public sealed record RepositoryInfo(string FullName, string DefaultBranch, bool? CanPush, string HtmlUrl, IReadOnlyList<string> OAuthScopes);

/// <summary>The outcome of <see cref="GitHubPullRequests.CreateOrUpdateAsync"/>.</summary>
public sealed record PullRequestUpsert(PullRequestInfo PullRequest, bool Created);
