namespace LogForge.Delivery.Process;

/// <summary>Where a child's output lines go besides the captured text of its result.</summary>
public enum OutputEcho
{
    /// <summary>Every line into the build log (a compiler, a test run: people want to see it).</summary>
    Information,
    /// <summary>Every line at Debug level: shown with --verbose (npm, git).</summary>
    Debug,
    /// <summary>Captured only: the output is data (helm template's YAML), not a message.</summary>
    None,
}

/// <summary>One child process to run: program, arguments (never a shell line), directory, environment.</summary>
/// <remarks>Secrets reach a child through <see cref="Environment"/> or <see cref="StandardInput"/>, never its arguments:
/// arguments are visible to every user of the machine (ps, /proc) and appear in error messages.</remarks>
public sealed record ProcessRequest(string Program, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public OutputEcho Echo { get; init; } = OutputEcho.Debug;
    public string? StandardInput { get; init; }
    /// <summary>Binary standard input (a CGI request body); takes the place of <see cref="StandardInput"/>.</summary>
    public byte[]? StandardInputBytes { get; init; }
    /// <summary>Where standard output goes as raw bytes (a CGI answer) instead of being captured as lines; standard error is still captured.</summary>
    public Stream? StandardOutputStream { get; init; }

    /// <summary>`program arg1 arg2 …` for messages, the first few arguments only.</summary>
    public string Describe(int arguments = 3) =>
        string.Join(' ', new[] { System.IO.Path.GetFileName(Program) }.Concat(Arguments.Take(arguments)))
        + (Arguments.Count > arguments ? " …" : "");
}
