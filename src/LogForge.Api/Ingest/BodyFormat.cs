using Microsoft.Net.Http.Headers;

namespace LogForge.Api.Ingest;

/// <summary>How the events are framed: a JSON value (one object or an array) or newline-delimited JSON.</summary>
public enum BodyFormat
{
    Unsupported,
    Json,
    Ndjson,
}

public static class BodyFormats
{
    public static BodyFormat FromContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return BodyFormat.Unsupported;
        }

        // A parameter value may be a quoted-string (RFC 9110 §5.6.4): charset="utf-8" is charset=utf-8.
        if (media.Charset.HasValue && !HeaderUtilities.UnescapeAsQuotedString(media.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return BodyFormat.Unsupported;
        }

        return type.ToLowerInvariant() switch
        {
            "application/json" => BodyFormat.Json,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" => BodyFormat.Ndjson,
            _ => BodyFormat.Unsupported,
        };
    }
}
