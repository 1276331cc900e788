namespace LogForge.Build.Engine;

/// <summary>The invocation itself is wrong (unknown target, bad option, missing parameter, cycle).
/// Reported as one line before any target runs; exit code 2.</summary>
public sealed class BuildUsageException(string message) : Exception(message);
