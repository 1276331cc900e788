using LogForge.Delivery.Process;

namespace LogForge.Delivery.Git;

/// <summary>
/// The git CLI, through the project's <see cref="ProcessRunner"/>, in one directory. Commands that talk to
/// a remote get <see cref="GitCredentials"/> through the environment; every command runs with
/// <c>GIT_TERMINAL_PROMPT=0</c> (never waits for a password) and English messages.
/// </summary>
public sealed class GitCli(string directory, GitCredentials? credentials = null, ProcessRunner? runner = null)
{
    private readonly ProcessRunner _runner = runner ?? new ProcessRunner();

    public string Directory { get; } = directory;

    /// <summary>Runs git; never throws on a non-zero exit. <paramref name="remote"/>: the command talks to a remote and gets the credentials.</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct, bool remote = false,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0", ["LC_ALL"] = "C", ["LANGUAGE"] = "" };
        if (remote && credentials is not null)
            foreach (var (key, value) in credentials.Environment) env[key] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) env[key] = value;
        return _runner.RunAsync(new ProcessRequest("git", arguments) { WorkingDirectory = Directory, Environment = env, Echo = OutputEcho.Debug }, ct);
    }

    /// <summary>Runs git with <paramref name="input"/> on its standard input and returns its standard output as bytes (object contents,
    /// read back by their sizes); throws <see cref="ProcessFailedException"/> on a non-zero exit.</summary>
    public async Task<byte[]> BytesAsync(IReadOnlyList<string> arguments, string input, CancellationToken ct)
    {
        using var output = new MemoryStream();
        var env = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0", ["LC_ALL"] = "C", ["LANGUAGE"] = "" };
        var request = new ProcessRequest("git", arguments)
            { WorkingDirectory = Directory, Environment = env, Echo = OutputEcho.None, StandardInput = input, StandardOutputStream = output };
        (await _runner.RunAsync(request, ct)).EnsureSucceeded();
        return output.ToArray();
    }

    /// <summary>Runs git and returns its trimmed standard output; throws <see cref="ProcessFailedException"/> on a non-zero exit.</summary>
    public async Task<string> OutputAsync(IReadOnlyList<string> arguments, CancellationToken ct, bool remote = false) =>
        (await RunAsync(arguments, ct, remote)).EnsureSucceeded().StandardOutput.Trim();

    /// <summary>The checked-out branch, or null on a detached HEAD.</summary>
    public async Task<string?> CurrentBranchAsync(CancellationToken ct)
    {
        var result = await RunAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], ct);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The commit a revision names, or null when it names none.</summary>
    public async Task<string?> ResolveCommitAsync(string revision, CancellationToken ct)
    {
        var result = await RunAsync(["rev-parse", "--quiet", "--verify", revision + "^{commit}"], ct);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>Tracked files with staged or unstaged changes (untracked files are not listed).</summary>
    public async Task<IReadOnlyList<string>> ChangedTrackedFilesAsync(CancellationToken ct) =>
        Lines((await RunAsync(["status", "--porcelain=v1", "--untracked-files=no"], ct)).EnsureSucceeded().StandardOutput).Select(l => l[3..]).ToList();

    public async Task<IReadOnlyList<string>> LocalBranchesAsync(CancellationToken ct) =>
        Lines(await OutputAsync(["for-each-ref", "--format=%(refname:short)", "refs/heads/"], ct));

    public async Task<string?> RemoteUrlAsync(string remote, CancellationToken ct)
    {
        var result = await RunAsync(["remote", "get-url", remote], ct);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The branch the remote's HEAD points at (its default branch), or null when it names none.</summary>
    public async Task<string?> RemoteDefaultBranchAsync(string remote, CancellationToken ct)
    {
        var output = await OutputAsync(["ls-remote", "--symref", remote, "HEAD"], ct, remote: true);
        var symref = Lines(output).FirstOrDefault(l => l.StartsWith("ref: refs/heads/", StringComparison.Ordinal));
        return symref?["ref: refs/heads/".Length..].Split('\t')[0];
    }

    /// <summary>The commits of remote refs (tags peeled to their commit), by full ref name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RemoteRefsAsync(string remote, IReadOnlyList<string> refs, CancellationToken ct)
    {
        var output = await OutputAsync(["ls-remote", remote, .. refs.SelectMany(r => new[] { r, r + "^{}" })], ct, remote: true);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(output))
        {
            var (sha, name) = (line.Split('\t')[0], line.Split('\t')[1]);
            if (name.EndsWith("^{}", StringComparison.Ordinal)) found[name[..^3]] = sha; // the peeled commit wins
            else found.TryAdd(name, sha);
        }
        return found;
    }

    public Task FetchAsync(string remote, IReadOnlyList<string> refspecs, CancellationToken ct) =>
        OutputAsync(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, .. refspecs], ct, remote: true);

    /// <summary>Pushes <paramref name="commit"/> to <paramref name="remoteRef"/>, only if the remote ref is still at
    /// <paramref name="expected"/> (empty: only if it does not exist) — a lease, never a blind force.</summary>
    public Task<ProcessResult> PushWithLeaseAsync(string remote, string commit, string remoteRef, string? expected, CancellationToken ct) =>
        RunAsync(["push", "--porcelain", $"--force-with-lease={remoteRef}:{expected ?? ""}", remote, $"{commit}:{remoteRef}"], ct, remote: true);

    public async Task<string?> ShowFileAsync(string revision, string path, CancellationToken ct)
    {
        var result = await RunAsync(["show", $"{revision}:{path}"], ct);
        return result.Succeeded ? result.StandardOutput : null;
    }

    /// <summary>The commits (newest first) on <paramref name="revision"/> that changed <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<string>> FileHistoryAsync(string revision, string path, CancellationToken ct) =>
        Lines(await OutputAsync(["log", "--format=%H", revision, "--", path], ct));

    public async Task<string> ConfigValueAsync(string key, CancellationToken ct)
    {
        var result = await RunAsync(["config", "--get", key], ct);
        return result.Succeeded ? result.StandardOutput.Trim() : "";
    }

    /// <summary>Author and committer for a commit where git has no identity configured (a CI runner): github-actions[bot];
    /// empty where one is configured.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> FallbackIdentityAsync(CancellationToken ct)
    {
        var environment = new Dictionary<string, string?>();
        if ((await ConfigValueAsync("user.email", ct)).Length > 0) return environment;
        const string name = "github-actions[bot]", email = "41898282+github-actions[bot]@users.noreply.github.com";
        environment["GIT_AUTHOR_NAME"] = environment["GIT_COMMITTER_NAME"] = name;
        environment["GIT_AUTHOR_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] = email;
        return environment;
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
