using System.Globalization;
using System.Text.RegularExpressions;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// Judges a GET /metrics answer (docs/metrics.md): 200, the Prometheus text format 0.0.4 or OpenMetrics as content type,
/// and logforge_ingest_events_accepted_total counting at least the events this smoke run had accepted.
/// </summary>
public static partial class MetricsCheck
{
    public const string AcceptedEvents = "logforge_ingest_events_accepted_total";

    /// <summary>Null when the answer is right, else what is wrong.</summary>
    public static string? Problem(HttpAnswer answer, int acceptedAtLeast)
    {
        if (answer.Status != 200)
            return "expected 200";
        var type = answer.ContentType ?? "";
        var prometheusText = type.StartsWith("text/plain; version=0.0.4", StringComparison.Ordinal);
        if (!prometheusText && !type.StartsWith("application/openmetrics-text", StringComparison.Ordinal))
            return $"expected the content type text/plain; version=0.0.4 (or application/openmetrics-text), got '{type}'";
        var accepted = Accepted(answer.Text);
        if (accepted is null)
            return $"expected {AcceptedEvents} in the exposition";
        return accepted < acceptedAtLeast ? $"expected {AcceptedEvents} ≥ {acceptedAtLeast} (the events this run had accepted), got {accepted}" : null;
    }

    public static double? Accepted(string exposition) =>
        AcceptedSample().Match(exposition) is { Success: true } sample
            ? double.Parse(sample.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"^logforge_ingest_events_accepted_total(?:\{\})? (\S+)", RegexOptions.Multiline)]
    private static partial Regex AcceptedSample();
}
