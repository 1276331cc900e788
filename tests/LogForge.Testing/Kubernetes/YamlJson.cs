// YAML → JSON as the API server reads apply bodies and kubectl-style manifests. Followed: sigs.k8s.io/yaml
// (YAMLToJSON over go-yaml v2, YAML 1.1 scalar resolution: y/yes/on/true… are booleans, 0x/0o/leading-zero
// integers, ~ and empty are null; quoted scalars stay strings).
using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogForge.Testing.Kubernetes;

internal static class YamlJson
{
    private static readonly HashSet<string> True = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly HashSet<string> False = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

    /// <summary>Every non-empty document of a (multi-document) YAML or JSON text.</summary>
    public static IReadOnlyList<JsonNode?> ParseDocuments(string text)
    {
        // JSON is YAML; a JSON document (what clients send) is read by the JSON parser, same result, much faster.
        if (text.AsSpan().TrimStart().StartsWith("{"))
        {
            try
            {
                return [JsonNode.Parse(text)];
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw StatusError.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }
        return stream.Documents.Select(d => Convert(d.RootNode)).Where(n => n is not null).ToList();
    }

    public static JsonObject ParseObject(string text)
    {
        var documents = ParseDocuments(text);
        return documents.Count == 1 && documents[0] is JsonObject obj
            ? obj
            : throw StatusError.BadRequest("error decoding YAML: expected one object");
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                    obj[((YamlScalarNode)key).Value ?? ""] = Convert(value);
                return obj;
            case YamlSequenceNode sequence:
                return JsonTree.ToJsonArray(sequence.Children.Select(Convert));
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        if (tag == "tag:yaml.org,2002:str" || scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (True.Contains(text))
            return JsonValue.Create(true);
        if (False.Contains(text))
            return JsonValue.Create(false);
        if (TryInteger(text, out var integer))
            return JsonValue.Create(integer);
        if (text.Any(char.IsAsciiDigit) && !text.Contains(':')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        return JsonValue.Create(text);
    }

    private static bool TryInteger(string text, out long value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-').Replace("_", "");
        if (digits.Length == 0)
            return false;
        bool ok;
        if (digits.StartsWith("0x", StringComparison.Ordinal))
            ok = long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        else if (digits.StartsWith("0o", StringComparison.Ordinal))
            ok = TryBase(digits[2..], 8, out value);
        else if (digits.StartsWith("0b", StringComparison.Ordinal))
            ok = TryBase(digits[2..], 2, out value);
        else if (digits.Length > 1 && digits[0] == '0' && digits.All(char.IsAsciiDigit))
            ok = TryBase(digits[1..], 8, out value);
        else
            ok = digits.All(char.IsAsciiDigit) && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (ok && negative)
            value = -value;
        return ok;
    }

    private static bool TryBase(string digits, int radix, out long value)
    {
        value = 0;
        if (digits.Length == 0)
            return false;
        foreach (var c in digits)
        {
            var d = c - '0';
            if (d < 0 || d >= radix)
                return false;
            value = value * radix + d;
        }
        return true;
    }
}
