// get and list. Followed: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go
// (ListResource: label and field selectors, limit/continue chunking with metadata.continue and
// remainingItemCount) and the list encoding of built-in types (items carry no apiVersion/kind; custom resource
// lists do, as apiextensions-apiserver serves them unstructured).
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class ReadApi
{
    public static async Task<int> GetAsync(ApiCall call, ObjectStore store)
    {
        var obj = store.Get(call.Type.GroupResource, call.Namespace, call.Info.Name)
                  ?? throw StatusError.NotFound(call.Type.Group, call.Type.Plural, call.Info.Name);
        await HttpIo.WriteJsonAsync(call.Http, 200, HttpIo.Present(call.Type, obj));
        return 200;
    }

    public static async Task<int> ListAsync(ApiCall call, ObjectStore store)
    {
        var type = call.Type;
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"), type);
        var (items, resourceVersion) = store.List(type.GroupResource, type.Namespaced && call.Info.Namespace.Length > 0 ? call.Info.Namespace : null);
        var matching = items.Where(o => labels.Matches(o.Labels()) && fields.Matches(o, type)).ToList();

        var after = DecodeContinue(call.Query("continue"));
        if (after is not null)
            matching = matching.Where(o => string.CompareOrdinal(Key(o), after) > 0).ToList();
        var limit = int.TryParse(call.Query("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var page = matching.Take(limit).ToList();

        var meta = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.Count < matching.Count)
        {
            meta["continue"] = EncodeContinue(resourceVersion, Key(page[^1]));
            meta["remainingItemCount"] = matching.Count - page.Count;
        }
        var list = new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = meta,
            ["items"] = JsonTree.ToJsonArray(page.Select(o => (JsonNode?)ListItem(type, o))),
        };
        await HttpIo.WriteJsonAsync(call.Http, 200, list);
        return 200;
    }

    public static JsonObject ListItem(ResourceType type, JsonObject obj)
    {
        var shown = HttpIo.Present(type, obj);
        if (!type.IsCustom)
        {
            shown.Remove("kind");
            shown.Remove("apiVersion");
        }
        return shown;
    }

    private static string Key(JsonObject obj) => $"{obj.Namespace()}/{obj.Name()}";

    private static string EncodeContinue(long resourceVersion, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"v\":\"meta.k8s.io/v1\",\"rv\":{resourceVersion},\"start\":\"{key}\\u0000\"}}"));

    private static string? DecodeContinue(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            return json.Str("start")?.TrimEnd('\0') ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw StatusError.BadRequest("continue key is not valid: illegal base64 data at input byte 0");
        }
    }
}
