using Prometheus;

namespace LogForge.Api.Metrics;

/// <summary>The archiver role: objects, bytes and events written to the bucket, failures, and how far it is behind the topic.</summary>
public sealed class ArchiverMetrics
{
    private readonly Counter _objects;
    private readonly Counter _bytes;
    private readonly Counter _events;
    private readonly Counter.Child _storeFailures;
    private readonly Counter.Child _commitFailures;
    private readonly Gauge _lag;

    public ArchiverMetrics(MetricsRegistry metrics)
    {
        var factory = metrics.Factory;
        _objects = factory.CreateCounter("logforge_archiver_objects_total", "Objects (gzip NDJSON) written to the bucket.");
        _bytes = factory.CreateCounter("logforge_archiver_written_bytes_total", "Bytes (gzip-compressed) written to the bucket.");
        _events = factory.CreateCounter("logforge_archiver_events_total", "Events written to the bucket.");
        var failures = factory.CreateCounter("logforge_archiver_failures_total",
            "Failed archive steps: storing an object (retried) or committing its offsets (the range is archived again).", ["operation"]);
        _storeFailures = failures.WithLabels("store");
        _commitFailures = failures.WithLabels("commit");
        _lag = factory.CreateGauge("logforge_archiver_lag_messages",
            "Events of a partition not archived yet: the partition's end offset minus the first offset not stored in the bucket.",
            ["topic", "partition"]);
    }

    public void Stored(long bytes, int events)
    {
        _objects.Inc();
        _bytes.Inc(bytes);
        _events.Inc(events);
    }

    public void StoreFailed() => _storeFailures.Inc();

    public void CommitFailed() => _commitFailures.Inc();

    public void Lag(string topic, int partition, long messages) =>
        _lag.WithLabels(topic, partition.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(messages);

    /// <summary>A partition this archiver no longer owns: its lag is its new owner's to report.</summary>
    public void Forget(string topic, int partition) =>
        _lag.RemoveLabelled(topic, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
