namespace LogForge.Build.Engine;

/// <summary>Everything a run reads from the outside world, so tests can run builds in-process.</summary>
public sealed record RunContext(
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TextWriter Output,
    TextWriter Error,
    CancellationToken Cancellation)
{
    public static RunContext FromProcess(string[] args, CancellationToken cancellation) => new(
        args,
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal),
        Directory.GetCurrentDirectory(),
        Console.Out,
        Console.Error,
        cancellation);
}
