using Prometheus;

namespace LogForge.Api.Metrics;

/// <summary>Pipeline v1's group commit: how many requests share one write and fsync, how long the fsync takes, and failed groups.</summary>
public sealed class FilePipelineMetrics
{
    private readonly Histogram _groupRequests;
    private readonly Counter _groupBytes;
    private readonly Histogram _fsync;
    private readonly Counter _failedGroups;

    public FilePipelineMetrics(MetricsRegistry metrics)
    {
        var factory = metrics.Factory;
        _groupRequests = factory.CreateHistogram("logforge_file_group_commit_requests",
            "Requests written together by one group commit (one write and one fsync).",
            new HistogramConfiguration { Buckets = Buckets.GroupRequests });
        _groupBytes = factory.CreateCounter("logforge_file_written_bytes_total", "NDJSON bytes written (and fsynced) into the data directory.");
        _fsync = factory.CreateHistogram("logforge_file_fsync_duration_seconds",
            "Duration of the fsync that makes one group commit durable (LOGFORGE_FILE_FSYNC=always).",
            new HistogramConfiguration { Buckets = Buckets.FsyncSeconds });
        _failedGroups = factory.CreateCounter("logforge_file_group_commit_failures_total",
            "Group commits whose write or fsync failed (their requests got 503).");
    }

    /// <param name="fsync">The fsync's duration; null when fsync is off.</param>
    public void Committed(int requests, long bytes, TimeSpan? fsync)
    {
        _groupRequests.Observe(requests);
        _groupBytes.Inc(bytes);
        if (fsync is { } duration)
        {
            _fsync.Observe(duration.TotalSeconds);
        }
    }

    public void Failed() => _failedGroups.Inc();
}
