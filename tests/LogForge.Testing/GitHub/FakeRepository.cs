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

    public string FullName => $"{Owner}/{Name}";
}
