using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace LogForge.Api.Ingest;

/// <summary>
/// Reads a request body into pooled memory — de-chunked and, with Content-Encoding gzip, decompressed —
/// refusing it (413) once what the events would be parsed from passes the configured size, without
/// reading or inflating further than one byte past it. A body that is not read to its end closes the
/// connection (Connection: close), since the rest of it cannot be told from a next request.
/// </summary>
public static class RequestBody
{
    /// <summary>
    /// Kestrel counts a chunked body's framing against its own limit; the decoded body is what is limited
    /// here, so the wire may carry this many times the limit: chunks of one byte take six bytes each.
    /// </summary>
    public const int ChunkedWireFactor = 8;

    public static async Task<(PooledBufferWriter? Body, IngestError? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var coding = ContentCodings.From(request.Headers.ContentEncoding);
        if (coding == ContentCoding.Unsupported)
        {
            request.HttpContext.Response.Headers.AcceptEncoding = ContentCodings.Supported;
            return Refuse(request, new IngestError(StatusCodes.Status415UnsupportedMediaType,
                "The Content-Encoding is not supported: send the body uncompressed or with Content-Encoding: gzip."));
        }

        if (request.ContentLength > maxBytes)
        {
            return Refuse(request, IngestError.TooLarge($"The body is larger than {maxBytes} bytes."));
        }

        var wireLimit = request.ContentLength is null ? (long)maxBytes * ChunkedWireFactor : maxBytes + 1L;
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = wireLimit;
        }

        var body = new PooledBufferWriter((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes + 1L));
        var source = coding == ContentCoding.Gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        try
        {
            while (true)
            {
                var room = body.GetMemory(8 * 1024);
                var read = await source.ReadAsync(room[..(int)Math.Min(room.Length, maxBytes + 1L - body.WrittenCount)], cancellationToken);
                if (read == 0)
                {
                    return (body, null);
                }

                body.Advance(read);
                if (body.WrittenCount > maxBytes)
                {
                    body.Dispose();
                    return Refuse(request, IngestError.TooLarge(coding == ContentCoding.Gzip
                        ? $"The decompressed body is larger than {maxBytes} bytes."
                        : $"The body is larger than {maxBytes} bytes."));
                }
            }
        }
        catch (Exception ex) when (BodyReadFaults.Classify(ex, request, maxBytes, wireLimit) is { } error)
        {
            body.Dispose();
            return Refuse(request, error);
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            if (source != request.Body)
            {
                await source.DisposeAsync();
            }
        }
    }

    private static (PooledBufferWriter?, IngestError) Refuse(HttpRequest request, IngestError error)
    {
        if (error == IngestError.ClientClosed)
        {
            // Marks the connection aborted, so Kestrel does not try to drain a body whose read a reset left
            // "in progress" (it would log that as an Error with a stack trace).
            request.HttpContext.Abort();
        }
        else
        {
            request.HttpContext.Response.Headers.Connection = "close";
        }

        return (null, error);
    }
}
