namespace LogForge.Build.Engine;

public enum TargetStatus { Succeeded, Failed, Skipped, NotRun, Aborted }

/// <summary>How one planned target ended.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string Note);

/// <summary>What a run produced: the exit code, each planned target's result, and the recorded
/// "start:X" / "end:X" sequence (how tests see overlap without timing anything).</summary>
public sealed record BuildResult(int ExitCode, IReadOnlyList<TargetResult> Targets, IReadOnlyList<string> Timeline);
