using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes;

/// <summary>Reading request bodies and writing JSON answers the way the API server frames them.</summary>
internal static class HttpIo
{
    public static async Task WriteJsonAsync(HttpContext http, int status, JsonNode body)
    {
        Contracts.ReturnedObjects.Record(http, body);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToCompactJson() + "\n", Encoding.UTF8, http.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext http, StatusError error) => WriteJsonAsync(http, error.Code, error.ToStatus());

    public static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    /// <summary>A request body holding one object, as JSON or (with a YAML content type) YAML.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http, ResourceType type)
    {
        var text = await ReadBodyAsync(http);
        if (string.IsNullOrWhiteSpace(text))
            throw StatusError.BadRequest("the body of the request was empty");
        var contentType = MediaType(http.Request.ContentType);
        try
        {
            if (contentType is "application/yaml" or "application/apply-patch+yaml")
                return YamlJson.ParseObject(text);
            return JsonNode.Parse(text) as JsonObject
                   ?? throw StatusError.BadRequest($"couldn't get version/kind; json parse error: json: cannot unmarshal into Go value of type struct");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw StatusError.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {e.Message}");
        }
    }

    public static string MediaType(string? contentType)
    {
        if (contentType is null)
            return "";
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    public static string? Query(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    /// <summary>dryRun: only "All" is accepted (apimachinery ValidateDryRun).</summary>
    public static bool IsDryRun(HttpContext http, string optionsKind)
    {
        if (!http.Request.Query.TryGetValue("dryRun", out var values) || values.Count == 0)
            return false;
        foreach (var value in values)
        {
            if (value != "All")
            {
                throw StatusError.Invalid("meta.k8s.io", optionsKind, "",
                    [StatusError.NotSupported("dryRun", value ?? "", ["All"])]);
            }
        }
        return true;
    }

    /// <summary>How an object is shown for a given served version: apiVersion of that version, kind/apiVersion/metadata first.
    /// Takes the object's members (the caller's copy is emptied): pass a copy you own.</summary>
    public static JsonObject Present(ResourceType type, JsonObject obj)
    {
        var members = obj.ToList();
        obj.Clear();
        var shown = new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.GroupVersion,
        };
        foreach (var (name, value) in members.Where(m => m.Key == "metadata"))
            shown[name] = value;
        foreach (var (name, value) in members.Where(m => m.Key is not ("kind" or "apiVersion" or "metadata")))
            shown[name] = value;
        return shown;
    }
}
