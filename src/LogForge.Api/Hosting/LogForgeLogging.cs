using LogForge.Api.Metrics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LogForge.Api.Hosting;

/// <summary>
/// Serilog: compact JSON lines on stdout, written by a background writer in batches
/// (<see cref="BackgroundLineSink"/>) so that a request never waits on stdout. Request logging records
/// method, path, status and time only — never headers (API keys) or bodies.
/// </summary>
public static class LogForgeLogging
{
    public static IServiceCollection AddLogForgeLogging(this IServiceCollection services) =>
        services.AddSerilog(logger => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new BackgroundLineSink(new CompactJsonFormatter(), Console.OpenStandardOutput())));

    /// <summary>The request log, which also records each request in <see cref="HttpServerMetrics"/>: Serilog's middleware calls
    /// GetLevel once for every request, with the time it measured, whatever the level is then.</summary>
    public static IApplicationBuilder UseLogForgeRequestLogging(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<HttpServerMetrics>();
        return app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, elapsedMilliseconds, exception) =>
            {
                metrics.Observe(context, elapsedMilliseconds, exception);
                return exception is not null || context.Response.StatusCode >= 500
                    ? LogEventLevel.Error
                    : IsProbe(context.Request.Path)
                        ? LogEventLevel.Debug
                        : LogEventLevel.Information;
            };
        });
    }

    /// <summary>Probes and scrapes: asked every few seconds, logged at Debug only.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || path.StartsWithSegments(Metrics.MetricsRegistry.Path);
}
