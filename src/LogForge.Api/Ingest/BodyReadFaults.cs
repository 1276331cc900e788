using Microsoft.AspNetCore.Connections;

namespace LogForge.Api.Ingest;

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
