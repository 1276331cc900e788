namespace LogForge.Api.Readiness;

/// <summary>Runs every readiness check (in parallel, each with a time limit) and caches the report for 2 s.</summary>
public sealed class ReadinessProbe(IReadOnlyList<IReadinessCheck> checks, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReadinessReport? _cached;
    private DateTimeOffset _cachedAt;

    public async Task<ReadinessReport> ReportAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is not null && time.GetUtcNow() - _cachedAt < CacheFor)
            {
                return _cached;
            }

            var results = await Task.WhenAll(checks.Select(RunAsync));
            _cached = new ReadinessReport(results.All(r => r.Status == "ok") ? "ready" : "unready", results);
            _cachedAt = time.GetUtcNow();
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<ReadinessCheckResult> RunAsync(IReadinessCheck check)
    {
        using var timeout = new CancellationTokenSource(CheckTimeout);
        try
        {
            var problem = await check.ProblemAsync(timeout.Token).WaitAsync(timeout.Token);
            return problem is null
                ? new ReadinessCheckResult(check.Name, "ok", "ok")
                : new ReadinessCheckResult(check.Name, "failed", problem);
        }
        catch (OperationCanceledException)
        {
            return new ReadinessCheckResult(check.Name, "failed", $"no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            return new ReadinessCheckResult(check.Name, "failed", ex.Message);
        }
    }
}
