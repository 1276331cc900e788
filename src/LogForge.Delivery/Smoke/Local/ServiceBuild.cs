using LogForge.Delivery.Process;
using Serilog;

namespace LogForge.Delivery.Smoke.Local;

/// <summary>
/// The service's build output, src/LogForge.Api/bin/&lt;configuration&gt;/&lt;framework&gt;/LogForge.Api.dll, compiled with
/// `dotnet build` of that project only when something it is built from changed. A `dotnet build` with nothing
/// to do still costs ~1.5 s here (docs/performance.md), so the check is a file-time comparison: the newest file
/// or directory of the project (bin/ and obj/ aside; a directory's time covers a deleted file) and the
/// repository's build props, against the newer of the output and the stamp written after our last build
/// (a change msbuild does not compile, a Dockerfile say, is built once and then covered by the stamp).
/// </summary>
public sealed class ServiceBuild(string repoRoot, string configuration, ProcessRunner? runner = null, ILogger? log = null)
{
    public const string ProjectDirectory = "src/LogForge.Api";
    public const string ProjectFile = "LogForge.Api.csproj";
    public const string AssemblyName = "LogForge.Api.dll";

    private static readonly string[] RepositoryInputs =
        ["Directory.Build.props", "Directory.Packages.props", "Directory.Build.targets", "global.json", "NuGet.config", "nuget.config"];

    private readonly ProcessRunner _runner = runner ?? new ProcessRunner();
    private readonly ILogger _log = log ?? Log.ForContext<ServiceBuild>();
    private string Project => Path.Combine(repoRoot, ProjectDirectory);
    private string Stamp => Path.Combine(Project, "obj", configuration, "logforge-service-build.stamp");

    public async Task<ServiceBinary> EnsureBuiltAsync(CancellationToken ct = default)
    {
        var reason = ReasonToCompile();
        if (reason is null)
        {
            var current = NewestOutput()!;
            _log.Information("LogForge.Api is up to date: {Directory} is newer than its sources",
                Path.GetRelativePath(repoRoot, Path.GetDirectoryName(current)!));
            return new ServiceBinary(current, Compiled: false, "newer than its sources");
        }

        _log.Information("Compiling {Project} ({Configuration}): {Reason}", ProjectDirectory, configuration, reason);
        var result = await _runner.RunAsync(new ProcessRequest(Dotnet.Executable,
            ["build", Path.Combine(Project, ProjectFile), "--configuration", configuration, "--nologo", "-v:quiet", "-clp:NoSummary;ErrorsOnly"])
        {
            WorkingDirectory = repoRoot,
            Echo = OutputEcho.Debug,
        }, ct);
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"{ProjectDirectory} does not compile (dotnet build exited with code {result.ExitCode}) — fix these errors:\n{Errors(result)}");
        var built = NewestOutput()
            ?? throw new InvalidOperationException($"dotnet build succeeded but wrote no {AssemblyName} under {ProjectDirectory}/bin/{configuration}");
        Directory.CreateDirectory(Path.GetDirectoryName(Stamp)!);
        await File.WriteAllTextAsync(Stamp, built + "\n", ct);
        _log.Information("Compiled {Project} in {Seconds:0.0} s", ProjectDirectory, result.Duration.TotalSeconds);
        return new ServiceBinary(built, Compiled: true, reason);
    }

    /// <summary>The compiler's error lines, each once (msbuild repeats them), else the last lines it wrote.</summary>
    private static string Errors(ProcessResult result)
    {
        var errors = (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
        return errors.Count > 0 ? string.Join("\n", errors) : result.Tail();
    }

    /// <summary>Why the service must be compiled, or null when its output is current.</summary>
    internal string? ReasonToCompile()
    {
        var output = NewestOutput();
        if (output is null) return $"no {AssemblyName} under {ProjectDirectory}/bin/{configuration} yet";
        var builtAt = File.GetLastWriteTimeUtc(output);
        if (File.Exists(Stamp) && File.GetLastWriteTimeUtc(Stamp) > builtAt) builtAt = File.GetLastWriteTimeUtc(Stamp);
        var changed = Inputs().FirstOrDefault(input => input.Time > builtAt);
        return changed.Path is null ? null : $"{Path.GetRelativePath(repoRoot, changed.Path)} changed since the last build";
    }

    private string? NewestOutput()
    {
        var bin = Path.Combine(Project, "bin", configuration);
        return Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, AssemblyName, SearchOption.AllDirectories).MaxBy(File.GetLastWriteTimeUtc)
            : null;
    }

    private IEnumerable<(string Path, DateTime Time)> Inputs()
    {
        foreach (var file in RepositoryInputs.Select(name => Path.Combine(repoRoot, name)).Where(File.Exists))
            yield return (file, File.GetLastWriteTimeUtc(file));
        yield return (Project, Directory.GetLastWriteTimeUtc(Project));
        var pending = new Stack<string>([Project]);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    if (Path.GetRelativePath(Project, directory.FullName) is "bin" or "obj") continue;
                    pending.Push(directory.FullName);
                }
                yield return (entry.FullName, entry.LastWriteTimeUtc);
            }
        }
    }
}
