using Microsoft.AspNetCore.Http.Features;

namespace LogForge.Api.Ingest;

/// <summary>Reads a request body into pooled memory, refusing (413) past the configured size.</summary>
public static class RequestBody
{
    public static async Task<(PooledBufferWriter? Body, IngestError? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, IngestError.TooLarge($"The body is larger than {maxBytes} bytes."));
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes + 1L;
        }

        var body = new PooledBufferWriter((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes + 1L));
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(8 * 1024), cancellationToken);
                if (read == 0)
                {
                    return (body, null);
                }

                body.Advance(read);
                if (body.WrittenCount > maxBytes)
                {
                    body.Dispose();
                    return (null, IngestError.TooLarge($"The body is larger than {maxBytes} bytes."));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            body.Dispose();
            var error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? IngestError.TooLarge($"The body is larger than {maxBytes} bytes.")
                : IngestError.Invalid(null, null, "The request body could not be read.");
            return (null, error);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
