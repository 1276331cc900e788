using LogForge.Delivery.Git;

namespace LogForge.Testing;

/// <summary>
/// A real bare git repository standing in for <c>origin</c> (file://), seeded with this checkout's
/// deploy/, .github/ and .nuke/ on <c>main</c>, plus clones of it. Every git call goes through the
/// production <see cref="GitCli"/> (the project's process runner); identities come from
/// the environment, so the machine's git config does not matter.
/// </summary>
public sealed class OriginRepository : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string?> TestIdentity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "Test Author",
        ["GIT_AUTHOR_EMAIL"] = "author@example.test",
        ["GIT_COMMITTER_NAME"] = "Test Author",
        ["GIT_COMMITTER_EMAIL"] = "author@example.test",
    };

    private static readonly string[] SeededFolders = ["deploy", ".github", ".nuke"];

    private OriginRepository(string directory)
    {
        Directory = directory;
        BarePath = Path.Combine(directory, "origin.git");
        SeedPath = Path.Combine(directory, "seed");
    }

    /// <summary>The temporary folder holding the bare repository and every clone.</summary>
    public string Directory { get; }
    public string BarePath { get; }
    /// <summary>A clone used to prepare origin's history (commits, tags), pushed as it goes.</summary>
    public string SeedPath { get; }
    public string Url => new Uri(BarePath).AbsoluteUri;

    public GitCli Bare => new(BarePath);
    public GitCli Seed => new(SeedPath);

    /// <summary>origin with one commit on main ("initial": deploy/, .github/, .nuke/ of this checkout, a .gitignore).</summary>
    public static async Task<OriginRepository> CreateAsync()
    {
        var origin = new OriginRepository(System.IO.Directory.CreateTempSubdirectory("logforge-origin-").FullName);
        var ct = CancellationToken.None;
        await new GitCli(origin.Directory).OutputAsync(["init", "--quiet", "--bare", "--initial-branch=main", origin.BarePath], ct);
        await new GitCli(origin.Directory).OutputAsync(["clone", "--quiet", origin.Url, origin.SeedPath], ct);
        foreach (var folder in SeededFolders)
            CopyDirectory(Path.Combine(RepositoryRoot.Path, folder), Path.Combine(origin.SeedPath, folder));
        File.Copy(Path.Combine(RepositoryRoot.Path, ".gitignore"), Path.Combine(origin.SeedPath, ".gitignore"));
        await origin.CommitAndPushAsync("initial");
        return origin;
    }

    /// <summary>Changes files in the seed clone, commits and pushes to main; returns the commit.</summary>
    public async Task<string> CommitAndPushAsync(string message, Action<string>? change = null)
    {
        change?.Invoke(SeedPath);
        var ct = CancellationToken.None;
        await Seed.OutputAsync(["add", "--all"], ct);
        (await Seed.RunAsync(["commit", "--quiet", "--allow-empty", "-m", message], ct, environment: TestIdentity)).EnsureSucceeded();
        await Seed.OutputAsync(["push", "--quiet", "origin", "HEAD:refs/heads/main"], ct);
        return await Seed.OutputAsync(["rev-parse", "HEAD"], ct);
    }

    /// <summary>An annotated tag on the seed's HEAD (or <paramref name="commit"/>), pushed to origin.</summary>
    public async Task<string> TagAsync(string tag, string? commit = null)
    {
        var ct = CancellationToken.None;
        (await Seed.RunAsync(["tag", "-a", tag, "-m", tag, commit ?? "HEAD"], ct, environment: TestIdentity)).EnsureSucceeded();
        await Seed.OutputAsync(["push", "--quiet", "origin", "refs/tags/" + tag], ct);
        return await Seed.OutputAsync(["rev-parse", tag + "^{commit}"], ct);
    }

    /// <summary>Fetches main into the seed and resets the seed to it (after a merge on the fake GitHub).</summary>
    public async Task PullSeedAsync()
    {
        var ct = CancellationToken.None;
        await Seed.OutputAsync(["fetch", "--quiet", "origin"], ct);
        await Seed.OutputAsync(["reset", "--quiet", "--hard", "origin/main"], ct);
    }

    /// <summary>A fresh clone of origin in <see cref="Directory"/>/<paramref name="name"/>, with a local identity
    /// (<paramref name="identity"/> false: none, as on a CI runner).</summary>
    public async Task<string> CloneAsync(string name, bool identity = true)
    {
        var path = Path.Combine(Directory, name);
        var ct = CancellationToken.None;
        await new GitCli(Directory).OutputAsync(["clone", "--quiet", Url, path], ct);
        if (identity)
        {
            await new GitCli(path).OutputAsync(["config", "user.name", "Release Tester"], ct);
            await new GitCli(path).OutputAsync(["config", "user.email", "release@example.test"], ct);
        }
        return path;
    }

    /// <summary>A file as it is on a branch (or any revision) of origin; null when absent.</summary>
    public Task<string?> ShowAsync(string revision, string path) => Bare.ShowFileAsync(revision, path, CancellationToken.None);

    public Task<string?> ResolveAsync(string revision) => Bare.ResolveCommitAsync(revision, CancellationToken.None);

    /// <summary>The files a commit changed compared with its first parent.</summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string commit) =>
        (await Bare.OutputAsync(["diff", "--name-only", commit + "^1", commit], CancellationToken.None))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a git process still winding down; the temp folder is cleaned by the OS
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        if (!System.IO.Directory.Exists(source)) return;
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in System.IO.Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) != "temp"))
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
    }
}
