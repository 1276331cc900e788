using LogForge.Delivery.Process;

namespace LogForge.Delivery.Tools;

/// <summary>The outcome of one helm invocation.</summary>
public sealed record HelmRun(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Answered by <see cref="HelmRunCache"/>: helm did not run because none of its inputs changed.</summary>
    public bool FromCache { get; init; }

    /// <summary>" (cached: …)" for a cached run, "" otherwise — appended to what reports say about the run.</summary>
    public string CachedNote => FromCache ? " (cached: chart, values and helm unchanged)" : "";

    public string CommandLine => "helm " + string.Join(' ', Arguments);

    /// <summary>helm's own error lines (with --strict, lint's warnings fail too), or the exit code and stderr.</summary>
    public IReadOnlyList<string> ErrorLines()
    {
        if (Succeeded)
            return [];
        var lines = (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("[ERROR]") || l.StartsWith("[WARNING]") || l.StartsWith("Error:") || l.StartsWith("- "))
            .Distinct()
            .ToList();
        return lines.Count > 0 ? lines : [$"exit code {ExitCode}: {StandardError.Trim()}"];
    }
}

/// <summary>Runs helm through the process runner with the tool's hermetic environment; never throws on a non-zero exit.
/// helm's output is data (manifests), so it is captured, not echoed.</summary>
public sealed class HelmCli(HelmTool tool, ProcessRunner? runner = null)
{
    private readonly ProcessRunner _runner = runner ?? new ProcessRunner();

    public HelmTool Tool => tool;

    public async Task<HelmRun> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, CancellationToken ct)
    {
        var result = await _runner.RunAsync(new ProcessRequest(tool.Executable, arguments)
        {
            WorkingDirectory = workingDirectory,
            Environment = tool.Environment,
            Echo = OutputEcho.None,
        }, ct);
        return new HelmRun(arguments, result.ExitCode, result.StandardOutput, result.StandardError, result.Duration);
    }
}
