namespace LogForge.Testing.GitHub;

/// <summary>A pull request as the fake keeps it.</summary>
public sealed class FakePullRequest
{
    public required long Id { get; init; }
    public required int Number { get; init; }
    public required string Owner { get; init; }
    public required string Repository { get; init; }
    public required string Head { get; init; }
    public required string Base { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public bool Draft { get; init; }
    public string State { get; set; } = "open";
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? MergedAt { get; set; }
    public string? MergeCommitSha { get; set; }
    /// <summary>The head commit when the pull request was closed or merged (while open it follows the branch).</summary>
    public string? FrozenHeadSha { get; set; }
    public string? FrozenBaseSha { get; set; }

    /// <summary>GitHub computes mergeability in the background after the first request for the pull request: until then
    /// <c>mergeable</c> is null (REST docs, "Get a pull request").</summary>
    public bool MergeabilityComputed { get; set; }

    public bool Open => State == "open";
    public bool Merged => MergedAt is not null;
}
