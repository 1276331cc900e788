using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace LogForge.Build.Engine;

/// <summary>
/// Every form in which a secret value may come back to the build: as written by our own writers (raw, Serilog's
/// quoted rendering, Serilog's and System.Text.Json's JSON escaping), as a Go server escapes it in JSON (a Kubernetes
/// Status echoing a field), and base64-encoded, each of those — once (Secret <c>data</c>, git's basic auth header) or twice (the
/// <c>auth</c> field inside a base64 <c>.dockerconfigjson</c>).
/// Base64 follows actions/runner's ADR 0297: a value inside a longer base64 text starts at one of three byte offsets,
/// and for each offset only the characters that depend on the value's bytes alone are kept, so the value is found
/// whatever surrounds it.
/// </summary>
public static class SecretForms
{
    /// <summary>Encoded forms shorter than this are not kept: 6 characters (36 bits) are a chance match in no real
    /// output, and keep every alignment of a 5-byte secret.</summary>
    public const int MinimumEncodedLength = 6;

    public static IEnumerable<string> Of(string value)
    {
        var escaped = EscapedForms(value).ToList();
        var once = escaped.Distinct(StringComparer.Ordinal).SelectMany(Base64Fragments).ToList();
        var twice = once.SelectMany(Base64Fragments);
        return escaped.Concat(once).Concat(twice).Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> EscapedForms(string value)
    {
        var quoted = SerilogQuoted(value);
        return [value, quoted, SerilogJson(value), SerilogJson(quoted), SystemTextJson(value), GoJson(value)];
    }

    /// <summary>The base64 of the value alone, then its value-only characters at byte offsets 0, 1 and 2.</summary>
    public static IEnumerable<string> Base64Fragments(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var whole = Convert.ToBase64String(bytes);
        if (whole.Length >= MinimumEncodedLength) yield return whole;
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = new byte[offset + bytes.Length];
            bytes.CopyTo(shifted, offset);
            var encoded = Convert.ToBase64String(shifted);
            // A character holds 6 bits: the first ones mix in the prefix's bits, the last one the next byte's.
            var first = (offset * 8 + 5) / 6;
            var end = shifted.Length * 8 / 6;
            var fragment = encoded[first..end];
            if (fragment.Length >= MinimumEncodedLength) yield return fragment;
        }
    }

    /// <summary>How Serilog renders a string property into a message without the :l format (outer quotes removed).</summary>
    private static string SerilogQuoted(string value)
    {
        var text = new StringWriter();
        new ScalarValue(value).Render(text);
        return text.ToString()[1..^1];
    }

    /// <summary>How Serilog's JSON formatters write a string (outer quotes removed).</summary>
    private static string SerilogJson(string value)
    {
        var text = new StringWriter();
        JsonValueFormatter.WriteQuotedJsonString(value, text);
        return text.ToString()[1..^1];
    }

    /// <summary>System.Text.Json's default escaping (the artifacts' JSON reports): &lt; &gt; &amp; ' + " and non-ASCII as \uXXXX.</summary>
    private static string SystemTextJson(string value) =>
        JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default })[1..^1];

    /// <summary>Go's encoding/json (every Kubernetes Status): " and \ escaped, &lt; &gt; &amp; U+2028 U+2029 and controls as \u00xx.</summary>
    private static string GoJson(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '<' or '>' or '&' or '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return text.ToString();
    }
}
