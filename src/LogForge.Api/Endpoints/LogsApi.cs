using LogForge.Api.Configuration;
using LogForge.Api.Ingest;
using LogForge.Api.Metrics;
using LogForge.Api.Pipelines;
using LogForge.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Endpoints;

/// <summary>POST /logs: authenticated ingest; 202 only once the events are durable in the pipeline.</summary>
public static class LogsApi
{
    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        // The registered instance: AddEndpointFilter<T>() would build a new filter, its dependencies resolved, per request.
        app.MapPost("/logs", PostLogsAsync).AddEndpointFilter(app.ServiceProvider.GetRequiredService<ApiKeyEndpointFilter>());
        return app;
    }

    private static async Task<Results<AcceptedCount, ProblemHttpResult>> PostLogsAsync(
        HttpContext context, IIngestPipeline pipeline, IOptions<LogForgeOptions> options, TimeProvider time, IngestMetrics metrics)
    {
        var limits = options.Value;
        var format = BodyFormats.FromContentType(context.Request.ContentType);
        if (format == BodyFormat.Unsupported)
        {
            return Refused(metrics, new IngestError(StatusCodes.Status415UnsupportedMediaType,
                "Send application/json (one event or an array) or application/x-ndjson, in UTF-8."));
        }

        var (body, readError) = await RequestBody.ReadAsync(context.Request, limits.MaxBodyBytes, context.RequestAborted);
        if (readError is not null)
        {
            return Refused(metrics, readError);
        }

        using (body)
        {
            var parseError = EventParser.Parse(body!.WrittenSpan, format, limits.MaxEventsPerRequest, time.GetUtcNow(), out var batch);
            if (parseError is not null)
            {
                return Refused(metrics, parseError);
            }

            using (batch)
            {
                try
                {
                    await pipeline.PersistAsync(batch!, context.RequestAborted);
                }
                catch (PipelineUnavailableException ex)
                {
                    context.Response.Headers.RetryAfter = "1";
                    return Refused(metrics, new IngestError(StatusCodes.Status503ServiceUnavailable, ex.Message));
                }

                metrics.Accepted(batch!.Count, body.WrittenCount);
                return AcceptedCount.For(batch.Count);
            }
        }
    }

    private static ProblemHttpResult Refused(IngestMetrics metrics, IngestError error)
    {
        metrics.Refused(error.StatusCode);
        return Problem(error);
    }

    private static ProblemHttpResult Problem(IngestError error)
    {
        Dictionary<string, object?>? extensions = null;
        if (error.Index is not null || error.Field is not null)
        {
            extensions = new Dictionary<string, object?> { ["index"] = error.Index, ["field"] = error.Field };
        }

        return TypedResults.Problem(detail: error.Detail, statusCode: error.StatusCode, title: Title(error.StatusCode), extensions: extensions);
    }

    private static string Title(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "Invalid events",
        StatusCodes.Status408RequestTimeout => "Request timeout",
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status499ClientClosedRequest => "Client closed request",
        StatusCodes.Status503ServiceUnavailable => "Service unavailable",
        _ => "Request refused",
    };
}

public sealed record IngestAccepted(int Accepted);
