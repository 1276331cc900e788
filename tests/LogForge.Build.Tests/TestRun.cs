using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

/// <summary>Runs a build class in-process inside a temporary repository root (a folder with .nuke/).</summary>
internal sealed class TestRun : IDisposable
{
    public TestRun() => Directory.CreateDirectory(Path.Combine(Root, ".nuke"));

    public string Root { get; } = Directory.CreateTempSubdirectory("logforge-engine-").FullName;
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public string Output { get; private set; } = "";
    public string Error { get; private set; } = "";

    /// <summary>Called with the output written so far, after every write: a test waits on what the build says, not on time.</summary>
    public Action<string>? OnOutput { get; set; }

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public BuildResult Run(BuildBase build, string defaultTarget, params string[] args) =>
        Run(build, defaultTarget, CancellationToken.None, args);

    public BuildResult Run(BuildBase build, string defaultTarget, CancellationToken cancellation, params string[] args)
    {
        var output = new WatchedWriter(OnOutput);
        var error = new StringWriter();
        var result = BuildRunner.Run(build, defaultTarget, new RunContext(args, Environment, Root, output, error, cancellation));
        Output = output.ToString();
        Error = error.ToString();
        return result;
    }

    public static TargetStatus StatusOf(BuildResult result, string target) => result.Targets.Single(t => t.Name == target).Status;

    public static List<string> Started(BuildResult result) =>
        result.Timeline.Where(e => e.StartsWith("start:", StringComparison.Ordinal)).Select(e => e[6..]).ToList();

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>A StringWriter that hands the text so far to a callback after each write.</summary>
internal sealed class WatchedWriter(Action<string>? written) : StringWriter
{
    public override void Write(char value)
    {
        base.Write(value);
        written?.Invoke(ToString());
    }

    public override void Write(string? value)
    {
        base.Write(value);
        written?.Invoke(ToString());
    }

    public override void Write(char[] buffer, int index, int count)
    {
        base.Write(buffer, index, count);
        written?.Invoke(ToString());
    }
}
