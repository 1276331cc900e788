namespace LogForge.Testing.GitHub;

/// <summary>A commit of a pull request as a merge replays or squashes it: its author and full message.</summary>
internal sealed record PullRequestCommit(string Sha, string Parent, string AuthorName, string AuthorEmail, string AuthorDate, string Message)
{
    public string Subject => Message.Split('\n', 2)[0].Trim();
    public string Body => Message.Split('\n', 2) is [_, var rest] ? rest.Trim('\n') : "";
}

/// <summary>
/// The message GitHub writes for a merge without commit_title / commit_message, by the repository's settings (OpenAPI full-repository
/// <c>merge_commit_*</c>, <c>squash_merge_commit_*</c>): a merge commit "Merge pull request #N from owner/branch" + the pull request's
/// title; a squash "title (#N)" where COMMIT_OR_PR_TITLE takes the commit's subject when there is one commit, and COMMIT_MESSAGES the
/// commit's body (one commit, its subject already the title) or every commit as "* subject" and its body; PR_BODY, BLANK as named.
/// The commit_title / commit_message of the request replace the title / message.
/// </summary>
internal static class FakeMergeMessages
{
    public static string Merge(FakeRepository repository, FakePullRequest pr, string? title, string? message) =>
        Join(title ?? $"Merge pull request #{pr.Number} from {repository.Owner}/{pr.Head}", message ?? pr.Title);

    public static string Squash(FakeRepository repository, FakePullRequest pr, IReadOnlyList<PullRequestCommit> commits, string? title, string? message)
    {
        var fromCommit = repository.SquashMergeCommitTitle == "COMMIT_OR_PR_TITLE" && commits.Count == 1;
        var squashTitle = title ?? $"{(fromCommit ? commits[0].Subject : pr.Title)} (#{pr.Number})";
        var squashMessage = message ?? repository.SquashMergeCommitMessage switch
        {
            "PR_BODY" => pr.Body,
            "BLANK" => "",
            _ when fromCommit => commits[0].Body,
            _ => string.Join("\n\n", commits.Select(c => c.Body.Length > 0 ? $"* {c.Subject}\n\n{c.Body}" : $"* {c.Subject}")),
        };
        return Join(squashTitle, squashMessage);
    }

    private static string Join(string title, string message) => message.Trim().Length > 0 ? $"{title}\n\n{message.TrimEnd()}\n" : title + "\n";
}
