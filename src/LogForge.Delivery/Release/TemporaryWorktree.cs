namespace LogForge.Delivery.Release;

/// <summary>A detached worktree of the checkout's repository in a temporary folder: the flows edit, gate and
/// commit there, so the checkout itself never changes branch, never holds a half-edited file and gets no
/// local branch. Disposing removes the worktree and its folder (also after a failure).</summary>
public sealed class TemporaryWorktree : IAsyncDisposable
{
    private readonly Git _owner;

    private TemporaryWorktree(Git owner, string path)
    {
        _owner = owner;
        Path = path;
        Git = owner.In(path);
    }

    public string Path { get; }

    /// <summary>git in the worktree, with the owner's credentials.</summary>
    public Git Git { get; }

    public static async Task<TemporaryWorktree> CreateAsync(Git checkout, string commit, CancellationToken ct)
    {
        var parent = Directory.CreateTempSubdirectory("logforge-release-").FullName;
        var path = System.IO.Path.Combine(parent, "tree");
        try
        {
            await checkout.AddDetachedWorktreeAsync(path, commit, ct);
        }
        catch
        {
            Directory.Delete(parent, recursive: true);
            throw;
        }
        return new TemporaryWorktree(checkout, path);
    }

    public async ValueTask DisposeAsync()
    {
        await _owner.RemoveWorktreeAsync(Path, CancellationToken.None);
        var parent = System.IO.Path.GetDirectoryName(Path)!;
        if (Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
    }
}
