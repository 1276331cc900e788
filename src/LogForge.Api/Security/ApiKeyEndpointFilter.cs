using LogForge.Api.Metrics;
using Microsoft.Net.Http.Headers;

namespace LogForge.Api.Security;

/// <summary>
/// Lets a request through only with a known key in <c>Authorization: Bearer</c> or <c>X-Api-Key</c>.
/// A missing key and a wrong key get the same 401. Keys are never logged.
/// </summary>
public sealed class ApiKeyEndpointFilter(ApiKeySet keys, IngestMetrics metrics) : IEndpointFilter
{
    public const string ApiKeyHeader = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (keys.Accepts(PresentedKey(request)))
        {
            return next(context);
        }

        metrics.Refused(StatusCodes.Status401Unauthorized);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "A valid API key is required (Authorization: Bearer <key> or X-Api-Key)."));
    }

    private static ReadOnlySpan<char> PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization];
        if (authorization.Count == 1)
        {
            var value = authorization[0].AsSpan().Trim();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return value["Bearer ".Length..].Trim();
            }
        }

        var apiKey = request.Headers[ApiKeyHeader];
        return apiKey.Count == 1 ? apiKey[0].AsSpan().Trim() : ReadOnlySpan<char>.Empty;
    }
}
