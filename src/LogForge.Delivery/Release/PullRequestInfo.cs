namespace LogForge.Delivery.Release;

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
    string Body)
{
    internal static PullRequestInfo From(Octokit.PullRequest pr) => new(
        pr.Number, pr.HtmlUrl, pr.State.StringValue == "open", pr.Merged, pr.MergedAt, pr.MergeCommitSha,
        pr.Head.Ref, pr.Head.Sha, pr.Base.Ref, pr.Title ?? "", pr.Body ?? "");
}

/// <summary>The repository as the token sees it.</summary>
public sealed record RepositoryInfo(string FullName, string DefaultBranch, bool CanPush, string HtmlUrl);

/// <summary>The outcome of <see cref="GitHubPullRequests.CreateOrUpdateAsync"/>.</summary>
public sealed record PullRequestUpsert(PullRequestInfo PullRequest, bool Created);
