using Microsoft.Extensions.Primitives;

namespace LogForge.Api.Ingest;

/// <summary>How the request body is compressed (Content-Encoding): not at all, or gzip — what log shippers send.</summary>
public enum ContentCoding
{
    Identity,
    Gzip,
    Unsupported,
}

public static class ContentCodings
{
    /// <summary>What the Accept-Encoding of a 415 names (RFC 9110 §15.5.16).</summary>
    public const string Supported = "gzip";

    /// <summary>
    /// Reads the Content-Encoding header(s): none or only <c>identity</c> is Identity; one <c>gzip</c>
    /// (or its alias <c>x-gzip</c>, RFC 9110 §8.4.1.3) is Gzip; anything else — br, deflate, zstd,
    /// compress, gzip twice, unknown names — is Unsupported.
    /// </summary>
    public static ContentCoding From(StringValues header)
    {
        var coding = ContentCoding.Identity;
        foreach (var value in header)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (coding == ContentCoding.Identity
                    && (token.Equals("gzip", StringComparison.OrdinalIgnoreCase) || token.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)))
                {
                    coding = ContentCoding.Gzip;
                    continue;
                }

                return ContentCoding.Unsupported;
            }
        }

        return coding;
    }
}
