namespace LogForge.Delivery.Process;

/// <summary>What a child process did: exit code, everything it wrote, how long it took.</summary>
public sealed record ProcessResult(ProcessRequest Request, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result, or a <see cref="ProcessFailedException"/> naming the command, its exit code and its last lines.</summary>
    public ProcessResult EnsureSucceeded() => Succeeded ? this : throw new ProcessFailedException(this);

    /// <summary>The last lines the child wrote (stderr first, else stdout) — what a failure message quotes.</summary>
    public string Tail(int lines = 15)
    {
        var text = StandardError.Trim().Length > 0 ? StandardError : StandardOutput;
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join("\n", all.TakeLast(lines));
    }
}

/// <summary>A child process exited non-zero.</summary>
public sealed class ProcessFailedException(ProcessResult result)
    : Exception($"{result.Request.Describe()} exited with code {result.ExitCode}{(result.Tail().Length > 0 ? ":\n" + result.Tail() : ".")}")
{
    public ProcessResult Result { get; } = result;
}
