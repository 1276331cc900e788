using System.Collections.Concurrent;
using Prometheus;

namespace LogForge.Api.Metrics;

/// <summary>
/// http_server_request_duration_seconds: every request's duration by method, route and status — OpenTelemetry's
/// http.server.request.duration as its Prometheus exporter names it; its _count is the request counter. The route is
/// the endpoint's pattern (bounded: "" for a request that matched none), the method one of the standard ones or _OTHER.
/// Recorded where the request log already measures each request (<see cref="Hosting.LogForgeLogging"/>), so a request
/// pays for one measurement, not two, and for no middleware of its own; an exception that escapes the endpoint is
/// recorded as the 500 the exception handler answers. Each label combination's series is looked up once and kept.
/// </summary>
public sealed class HttpServerMetrics
{
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
    };

    private readonly Histogram _duration;
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Histogram.Child> _series = new();

    public HttpServerMetrics(MetricsRegistry metrics) =>
        _duration = metrics.Factory.CreateHistogram("http_server_request_duration_seconds",
            "Duration of HTTP requests, from the request log's start until the response is written.",
            ["http_request_method", "http_route", "http_response_status_code"],
            new HistogramConfiguration { Buckets = Buckets.RequestSeconds });

    /// <summary>One finished request: <paramref name="elapsedMilliseconds"/> as the request log measured it.</summary>
    public void Observe(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        var status = exception is null ? context.Response.StatusCode : StatusCodes.Status500InternalServerError;
        Series(context, status).Observe(elapsedMilliseconds / 1000);
    }

    private Histogram.Child Series(HttpContext context, int status)
    {
        var method = KnownMethods.Contains(context.Request.Method) ? context.Request.Method : "_OTHER";
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
        var key = (method, route, status);
        return _series.TryGetValue(key, out var series)
            ? series
            : _series.GetOrAdd(key, k => _duration.WithLabels(k.Method, k.Route, k.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
