using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>Small helpers over System.Text.Json nodes: the store keeps every object as a <see cref="JsonObject"/>.</summary>
internal static class JsonTree
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>metav1.Time: RFC 3339, second precision, UTC (apimachinery's Time.MarshalJSON).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Now() => Timestamp(DateTimeOffset.UtcNow);

    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
            return meta;
        meta = new JsonObject();
        obj["metadata"] = meta;
        return meta;
    }

    public static JsonObject Child(this JsonObject obj, string name)
    {
        if (obj[name] is JsonObject child)
            return child;
        child = new JsonObject();
        obj[name] = child;
        return child;
    }

    public static string? Str(this JsonNode? node, params string[] path)
    {
        var at = Walk(node, path);
        return at is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static long? Long(this JsonNode? node, params string[] path)
    {
        var at = Walk(node, path);
        if (at is not JsonValue value)
            return null;
        if (value.TryGetValue<long>(out var l))
            return l;
        if (value.TryGetValue<int>(out var i))
            return i;
        if (value.TryGetValue<double>(out var d))
            return (long)d;
        return value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el) ? el : null;
    }

    public static bool? Bool(this JsonNode? node, params string[] path)
    {
        var at = Walk(node, path);
        return at is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;
    }

    public static JsonNode? Walk(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not JsonObject obj)
                return null;
            node = obj[step];
        }
        return node;
    }

    public static JsonObject? ObjectAt(this JsonNode? node, params string[] path) => Walk(node, path) as JsonObject;

    public static JsonArray? ArrayAt(this JsonNode? node, params string[] path) => Walk(node, path) as JsonArray;

    public static string Name(this JsonObject obj) => obj.Str("metadata", "name") ?? "";

    public static string Namespace(this JsonObject obj) => obj.Str("metadata", "namespace") ?? "";

    public static string Uid(this JsonObject obj) => obj.Str("metadata", "uid") ?? "";

    public static long ResourceVersion(this JsonObject obj) =>
        long.TryParse(obj.Str("metadata", "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;

    public static Dictionary<string, string> Labels(this JsonObject obj) => StringMap(obj.ObjectAt("metadata", "labels"));

    public static Dictionary<string, string> StringMap(JsonObject? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null)
            return result;
        foreach (var (key, value) in map)
            result[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
        return result;
    }

    public static JsonObject Clone(this JsonObject obj) => (JsonObject)obj.DeepClone();

    public static string ToCompactJson(this JsonNode node) => node.ToJsonString(Compact);

    public static JsonObject ParseObject(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new JsonException("expected a JSON object");

    /// <summary>Equal at the top level but for the named members.</summary>
    public static bool SameExcept(JsonObject a, JsonObject b, string[] ignored)
    {
        var names = a.Select(kv => kv.Key).Concat(b.Select(kv => kv.Key)).Where(n => !ignored.Contains(n)).Distinct();
        return names.All(n => JsonNode.DeepEquals(a[n], b[n]));
    }

    public static JsonArray ToJsonArray(IEnumerable<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
            array.Add(item);
        return array;
    }

    public static JsonArray Strings(params string[] values) => ToJsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)));
}
