using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Smoke;

/// <summary>One row of the smoke table: a check, how it ended, how long it took, and what it saw.</summary>
public sealed record SmokeCheckResult(string Name, CheckStatus Status, TimeSpan Duration, string Detail)
{
    public static SmokeCheckResult Pass(string name, TimeSpan duration, string detail) => new(name, CheckStatus.Passed, duration, detail);
    public static SmokeCheckResult Fail(string name, TimeSpan duration, string detail) => new(name, CheckStatus.Failed, duration, detail);
    public static SmokeCheckResult Skip(string name, string reason) => new(name, CheckStatus.Skipped, TimeSpan.Zero, reason);
}
