using Serilog;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// How long one request may be retried (a target's --wait-timeout), on which clock, and where the progress lines
/// go. Backoff without a server-given delay is exponential from <see cref="BaseDelay"/>, capped at
/// <see cref="MaxDelay"/>, with jitter.
/// </summary>
public sealed record RetryBudget(TimeSpan WaitTimeout, TimeProvider Time, ILogger Log)
{
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromMinutes(10);

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static RetryBudget For(TimeSpan? waitTimeout, ILogger? log = null, TimeProvider? time = null) =>
        new(waitTimeout ?? DefaultWaitTimeout, time ?? TimeProvider.System, log ?? Serilog.Log.ForContext<RetryBudget>());
}
