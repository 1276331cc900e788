// JSON patch (application/json-patch+json), RFC 6902 (https://www.rfc-editor.org/rfc/rfc6902) with RFC 6901 pointers:
// add, remove, replace, move, copy, test. A failing operation is answered 422 as the API server does for
// evanphx/json-patch errors (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, applyJSPatch).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
            throw StatusError.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        JsonNode root = document.Clone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation.Str("op") ?? throw Failed("Unexpected kind: unknown");
            var path = operation.Str("path") ?? throw Failed($"{op} operation missing path");
            switch (op)
            {
                case "add":
                    root = Add(root, path, RequireValue(operation));
                    break;
                case "remove":
                    root = Remove(root, path, out _);
                    break;
                case "replace":
                    Get(root, path);
                    root = Remove(root, path, out _);
                    root = Add(root, path, RequireValue(operation));
                    break;
                case "move":
                {
                    var from = operation.Str("from") ?? throw Failed("move operation missing from");
                    root = Remove(root, from, out var moved);
                    root = Add(root, path, moved);
                    break;
                }
                case "copy":
                {
                    var from = operation.Str("from") ?? throw Failed("copy operation missing from");
                    root = Add(root, path, Get(root, from)?.DeepClone());
                    break;
                }
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                        throw Failed($"testing value {path} failed: test failed");
                    break;
                default:
                    throw Failed($"Unexpected kind: {op}");
            }
        }
        return root as JsonObject ?? throw Failed("the patched document is not an object");
    }

    private static JsonNode? RequireValue(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Failed("missing value");

    private static StatusError Failed(string message) => new(422, "Invalid", message, new JsonObject());

    private static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
            return [];
        if (!pointer.StartsWith('/'))
            throw Failed($"JSON pointer must be empty or start with a \"/\": {pointer}");
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static JsonNode? Get(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count => array[i],
                _ => throw Failed($"doc is missing path: \"{pointer}\": missing value"),
            };
        }
        return node;
    }

    private static JsonNode Add(JsonNode root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
            return value ?? throw Failed("cannot replace the document with null");
        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var i) && i >= 0 && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Failed($"doc is missing path: \"{pointer}\": missing value");
        }
        return root;
    }

    private static JsonNode Remove(JsonNode root, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
            throw Failed("cannot remove the whole document");
        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out removed):
                obj.Remove(last);
                removed = removed?.DeepClone();
                return root;
            case JsonArray array when int.TryParse(last, out var i) && i >= 0 && i < array.Count:
                removed = array[i]?.DeepClone();
                array.RemoveAt(i);
                return root;
            default:
                throw Failed($"Unable to remove nonexistent key: {last}: missing value");
        }
    }

    private static string ParentPointer(string[] tokens) =>
        tokens.Length <= 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
