using LogForge.Api.Configuration;
using LogForge.Api.Endpoints;
using LogForge.Api.Metrics;
using Prometheus;

namespace LogForge.Api.Hosting;

/// <summary>The HTTP pipeline: request metrics, problem+json for errors, request logging, the endpoints of the role.</summary>
public static class LogForgeApp
{
    public static WebApplication UseLogForge(this WebApplication app, ServiceRole role)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLogForgeRequestLogging();
        app.MapHealthApi();
        // Unauthenticated like /health, on the same port (docs/metrics.md). Created now, so a first scrape shows
        // every series of the role at 0 rather than nothing.
        app.MapMetrics(MetricsRegistry.Path, app.Services.GetRequiredService<MetricsRegistry>().Registry);
        app.Services.GetRequiredService<ReadinessMetrics>();
        if (role == ServiceRole.Api)
        {
            app.Services.GetRequiredService<IngestMetrics>();
            app.MapLogsApi();
        }

        return app;
    }
}
