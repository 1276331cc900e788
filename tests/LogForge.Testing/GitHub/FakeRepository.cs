namespace LogForge.Testing.GitHub;

/// <summary>A repository the fake serves, backed by a real bare git repository (its branches are the refs
/// GitHub reports; a merge writes a real merge commit there).</summary>
public sealed class FakeRepository
{
    public required long Id { get; init; }
    public required string Owner { get; init; }
    public required string Name { get; init; }
    public required string BarePath { get; init; }
    /// <summary>What the token may do: permissions.push in the repository's JSON.</summary>
    public bool CanPush { get; set; } = true;
    public List<FakePullRequest> PullRequests { get; } = [];
    /// <summary>The repository's squash_merge_commit_title: PR_TITLE or COMMIT_OR_PR_TITLE (GitHub's default), for a squash merge without
    /// commit_title.</summary>
    public string SquashMergeCommitTitle { get; set; } = "COMMIT_OR_PR_TITLE";
    /// <summary>squash_merge_commit_message: PR_BODY, COMMIT_MESSAGES (GitHub's default) or BLANK, for a squash merge without commit_message.</summary>
    public string SquashMergeCommitMessage { get; set; } = "COMMIT_MESSAGES";

    public string FullName => $"{Owner}/{Name}";
}
