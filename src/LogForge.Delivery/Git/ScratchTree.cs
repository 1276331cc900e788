namespace LogForge.Delivery.Git;

/// <summary>
/// Some paths of a commit, written to a temporary folder with a temporary index of their own
/// (<c>GIT_INDEX_FILE</c>, <c>--work-tree</c>): a flow edits and gates files there and turns them into a
/// commit with git's plumbing (<c>add</c>, <c>write-tree</c>, <c>commit-tree</c>). The checkout's working
/// tree, index, HEAD, branches and worktree list are never touched, so a failure — or a killed process —
/// can leave nothing behind in it. Disposing deletes the folder. Only <see cref="GatedPaths"/> are written
/// (what the ValidationGate reads), not the whole tree: ~40 files instead of ~400.
/// </summary>
public sealed class ScratchTree : IAsyncDisposable
{
    /// <summary>What the offline ValidationGate reads: the chart, values, policy, Argo Applications and the workflows.</summary>
    public static readonly IReadOnlyList<string> GatedPaths = ["deploy", ".github"];

    private readonly GitCli _repository;
    private readonly string _folder;
    private readonly Dictionary<string, string?> _environment;

    private ScratchTree(GitCli repository, string folder, string baseCommit)
    {
        _repository = repository;
        _folder = folder;
        Path = System.IO.Path.Combine(folder, "tree");
        BaseCommit = baseCommit;
        _environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = System.IO.Path.Combine(folder, "index") };
    }

    /// <summary>The folder holding the paths, laid out as in the repository.</summary>
    public string Path { get; }

    public string BaseCommit { get; }

    public static async Task<ScratchTree> CreateAsync(GitCli repository, string commit, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var scratch = new ScratchTree(repository, Directory.CreateTempSubdirectory("logforge-scratch-").FullName, commit);
        try
        {
            Directory.CreateDirectory(scratch.Path);
            await scratch.RunAsync(["read-tree", commit], ct);
            await scratch.RunAsync(["checkout", commit, "--", .. paths], ct);
            return scratch;
        }
        catch
        {
            await scratch.DisposeAsync();
            throw;
        }
    }

    /// <summary>The tree of the base commit with <paramref name="files"/> as they are now in <see cref="Path"/>.</summary>
    public async Task<string> WriteTreeAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        await RunAsync(["add", "--", .. files], ct);
        return await RunAsync(["write-tree"], ct);
    }

    /// <summary>The files that differ between the base commit and <paramref name="tree"/>.</summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string tree, CancellationToken ct) =>
        (await RunAsync(["diff-tree", "-r", "--name-only", BaseCommit, tree], ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public Task<string> DiffAsync(string tree, CancellationToken ct) => RunAsync(["diff", "--no-color", "--no-ext-diff", BaseCommit, tree], ct);

    /// <summary>A commit of <paramref name="tree"/> on the base commit; as github-actions[bot] where no identity is configured.</summary>
    public async Task<string> CommitAsync(string tree, string message, CancellationToken ct)
    {
        var identity = await _repository.FallbackIdentityAsync(ct);
        return (await _repository.RunAsync(["commit-tree", tree, "-p", BaseCommit, "-m", message], ct, environment: identity))
            .EnsureSucceeded().StandardOutput.Trim();
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        (await _repository.RunAsync(["--work-tree=" + Path, .. arguments], ct, environment: _environment)).EnsureSucceeded().StandardOutput.Trim();

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
