using Prometheus;

namespace LogForge.Api.Metrics;

/// <summary>
/// What POST /logs took and refused. Accepted events and their bytes are counted; a refusal is counted per request
/// by its reason, since the events of a request refused before its body is parsed (401, 413, 415) cannot be counted.
/// Every reason's series exists from the start at 0, so a rate over it is defined before the first refusal.
/// </summary>
public sealed class IngestMetrics
{
    private readonly Counter _events;
    private readonly Counter _bytes;
    private readonly Dictionary<int, Counter.Child> _refusedByStatus;
    private readonly Counter.Child _refusedOther;

    public IngestMetrics(MetricsRegistry metrics)
    {
        var factory = metrics.Factory;
        _events = factory.CreateCounter("logforge_ingest_events_accepted_total", "Events stored: the 202 of POST /logs counted them.");
        _bytes = factory.CreateCounter("logforge_ingest_bytes_total",
            "Bytes of the bodies of accepted POST /logs requests, after gzip decoding.");
        var refused = factory.CreateCounter("logforge_ingest_requests_refused_total", "POST /logs requests refused, by reason.", ["reason"]);
        _refusedByStatus = Reasons.ToDictionary(r => r.Status, r => refused.WithLabels(r.Reason));
        _refusedOther = refused.WithLabels("other");
    }

    /// <summary>The reasons of docs/metrics.md and the status each is answered with.</summary>
    public static IReadOnlyList<(int Status, string Reason)> Reasons { get; } =
    [
        (StatusCodes.Status401Unauthorized, "auth"),
        (StatusCodes.Status400BadRequest, "invalid"),
        (StatusCodes.Status413PayloadTooLarge, "too_large"),
        (StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type"),
        (StatusCodes.Status408RequestTimeout, "timeout"),
        (StatusCodes.Status499ClientClosedRequest, "client_closed"),
        (StatusCodes.Status503ServiceUnavailable, "storage_failure"),
    ];

    public void Accepted(int events, int bytes)
    {
        _events.Inc(events);
        _bytes.Inc(bytes);
    }

    public void Refused(int status) => (_refusedByStatus.TryGetValue(status, out var series) ? series : _refusedOther).Inc();
}
