using LogForge.Api.Readiness;

namespace LogForge.Api.Metrics;

/// <summary>logforge_ready{check}: each readiness check as 1 (ok) or 0, run (or taken from the probe's 2 s cache) at scrape time.</summary>
public sealed class ReadinessMetrics
{
    public ReadinessMetrics(MetricsRegistry metrics, ReadinessProbe probe)
    {
        var ready = metrics.Factory.CreateGauge("logforge_ready", "1 when the readiness check passes, 0 when it fails (GET /ready).", ["check"]);
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            var report = await probe.ReportAsync(cancellationToken);
            foreach (var check in report.Checks)
            {
                ready.WithLabels(check.Name).Set(check.Status == "ok" ? 1 : 0);
            }
        });
    }
}
