using System.IO.Compression;
using Microsoft.AspNetCore.Connections;
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

/// <summary>What a failed body read says about the client: each fault its status, none of them a server error.</summary>
internal static class BodyReadFaults
{
    public static IngestError? Classify(Exception ex, HttpRequest request, int maxBytes, long wireLimit)
    {
        // A reset (ConnectionResetException) or an abort: nobody is left to answer.
        if (ex is ConnectionResetException || (ex is IOException or OperationCanceledException && request.HttpContext.RequestAborted.IsCancellationRequested))
        {
            return IngestError.ClientClosed;
        }

        return ex switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => IngestError.TooLarge(request.ContentLength is null
                ? $"The chunked body takes more than {wireLimit} bytes with its framing (the body itself may have up to {maxBytes})."
                : $"The body is larger than {maxBytes} bytes."),
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
                new IngestError(StatusCodes.Status408RequestTimeout, "The body arrived too slowly (below the minimum data rate)."),
            BadHttpRequestException bad => IngestError.Invalid(null, null, $"The request body could not be read: {bad.Message}"),
            InvalidDataException => IngestError.Invalid(null, null, "The body is not valid gzip data."),
            // Kestrel raises a chunk size of 2^31 or more as an IOException ("Bad chunk size data."), not as a bad request.
            IOException io => IngestError.Invalid(null, null, $"The request body could not be read: {io.Message}"),
            _ => null,
        };
    }
}
