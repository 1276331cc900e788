using LogForge.Api.Configuration;
using LogForge.Api.Readiness;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Endpoints;

/// <summary>GET /health (liveness), /ready (readiness of the pipeline), /version.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("healthy")));
        app.MapGet("/ready", GetReadyAsync);
        app.MapGet("/version", GetVersion);
        return app;
    }

    private static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> GetReadyAsync(
        ReadinessProbe probe, CancellationToken cancellationToken)
    {
        var report = await probe.ReportAsync(cancellationToken);
        return report.IsReady
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static Ok<VersionResponse> GetVersion(IOptions<LogForgeOptions> options)
    {
        var o = options.Value;
        return TypedResults.Ok(new VersionResponse(
            BuildInfo.Version(o),
            BuildInfo.Commit(o),
            o.PipelineVersion,
            o.StorageBackend.ToLowerInvariant(),
            o.KafkaEnabled,
            o.Environment));
    }
}

public sealed record HealthResponse(string Status);

public sealed record VersionResponse(string Version, string Commit, int PipelineVersion, string StorageBackend, bool Kafka, string Environment);
