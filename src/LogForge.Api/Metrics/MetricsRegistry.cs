using LogForge.Api.Configuration;
using Microsoft.Extensions.Options;
using Prometheus;

namespace LogForge.Api.Metrics;

/// <summary>
/// The one prometheus-net registry of this process, served at GET /metrics (docs/metrics.md). Its own registry rather
/// than the library's global one: each LogForge host (and each test host in one test process) counts only its own
/// traffic. Exemplars are off: nothing here traces, and looking for a trace context on every observation costs.
/// </summary>
public sealed class MetricsRegistry
{
    public const string Path = "/metrics";

    public MetricsRegistry(IOptions<LogForgeOptions> options, ServiceRole role)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        Factory = factory;

        // process_cpu_seconds_total, process_resident_memory_bytes, dotnet_collection_count_total, …: read at scrape time.
        DotNetStats.Register(Registry);

        var o = options.Value;
        Factory.CreateGauge("logforge_build_info", "Always 1; the labels say which LogForge this is.",
                ["version", "commit", "pipeline", "role"])
            .WithLabels(BuildInfo.Version(o), BuildInfo.Commit(o), o.PipelineVersion.ToString(), role.ToString().ToLowerInvariant())
            .Set(1);
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }
}
