// Validates a response against GitHub's official OpenAPI description (npm @octokit/openapi, generated/api.github.com.json,
// OpenAPI 3.0.3) for its operation and status. OpenAPI 3.0's schema dialect is turned into JSON Schema 2020-12 for
// JsonSchema.Net (OpenAPI 3.0.3 §4.7.24 Schema Object): `nullable: true` adds "null" to `type` (and to `enum`), or wraps a
// typeless schema in anyOf with {type: null}; `#/components/schemas/X` refs point into one registered $defs document.
// Response objects given as `#/components/responses/X` are resolved here (they are not schemas).
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace LogForge.Testing.GitHub.Recorded;

public sealed class GitHubOpenApi
{
    private const string DefsId = "https://logforge.test/github-openapi/components.json";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static GitHubOpenApi? _loaded;

    private readonly JsonObject _paths;
    private readonly JsonObject _responses;
    private readonly BuildOptions _build;
    private readonly Dictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    private GitHubOpenApi(JsonObject document)
    {
        _paths = document["paths"]!.AsObject();
        _responses = document["components"]!["responses"]!.AsObject();
        _build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var defs = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = DefsId, ["$defs"] = Translate(document["components"]!["schemas"]!),
        };
        JsonSchema.Build(JsonSerializer.SerializeToElement(defs), _build);
    }

    /// <summary>The description at the pinned version (installed on first use), parsed once per test run.</summary>
    public static async Task<GitHubOpenApi> LoadAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_loaded is not null) return _loaded;
            var folder = await OctokitPackage.OpenApi.DirectoryAsync();
            await using var file = File.OpenRead(Path.Combine(folder, "generated", "api.github.com.json"));
            return _loaded = new GitHubOpenApi((JsonNode.Parse(file) as JsonObject)!);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>What in the response does not match the description of <paramref name="method"/> <paramref name="path"/> (the request's path,
    /// e.g. /repos/o/r/pulls/1) at <paramref name="status"/>; empty when it matches.</summary>
    public IReadOnlyList<string> Validate(string method, string path, int status, string? body)
    {
        var template = OperationPath(method, path);
        if (template is null) return [$"{method} {path}: no such path in GitHub's OpenAPI description"];
        var operation = _paths[template]![method.ToLowerInvariant()];
        if (operation is null) return [$"{method} {template}: GitHub's description has no such operation"];
        var response = operation["responses"]![status.ToString()] ?? (Generic(status) ? _responses["forbidden"] : null);
        if (response is null) return [$"{method} {template}: status {status} is not a documented answer"];
        if (response["$ref"] is { } reference) response = _responses[reference.GetValue<string>().Split('/')[^1]]!;
        var schemaNode = response["content"]?["application/json"]?["schema"];
        if (schemaNode is null)
            return string.IsNullOrEmpty(body) ? [] : [$"{method} {template} {status}: the description has no body, the answer has one"];
        if (string.IsNullOrEmpty(body)) return [$"{method} {template} {status}: the answer has no body"];

        var schema = Compile($"{method} {template} {status}", schemaNode);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        var results = schema.Evaluate(JsonDocument.Parse(body).RootElement, options);
        return results.IsValid ? [] : (results.Details ?? []).Prepend(results).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{method} {template} {status}: {d.InstanceLocation} {e.Key}: {e.Value}")).Distinct().Take(20).ToList();
    }

    /// <summary>Every answer of <paramref name="requests"/> (the fake's API requests with their JSON) against the description: what does not match.</summary>
    public IReadOnlyList<string> ValidateAll(IEnumerable<GitHubRequest> requests) =>
        requests.Where(r => r.Api).SelectMany(r => Validate(r.Method, r.Path, r.Status, r.ResponseBody)).Distinct().ToList();

    /// <summary>Answers GitHub may give to any request (REST docs, "Troubleshooting the REST API" and "Rate limits"): validated as its basic error.</summary>
    private static bool Generic(int status) => status is 401 or 403 or 429 or 500 or 502 or 503 or 504;

    private JsonSchema Compile(string key, JsonNode schema)
    {
        lock (_compiled)
        {
            if (_compiled.TryGetValue(key, out var compiled)) return compiled;
            var root = Translate(schema)!.AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            var id = new Uri($"https://logforge.test/github-openapi/op{_compiled.Count}.json");
            return _compiled[key] = JsonSchema.Build(JsonSerializer.SerializeToElement(root), _build, id);
        }
    }

    /// <summary>The path template a request path is an instance of, literal segments preferred over parameters. Routes GitHub serves under
    /// older names are read as the described ones: Octokit reads a ref at <c>git/refs/{ref}</c> (described: <c>git/ref/{ref}</c>) and all
    /// refs at <c>git/refs</c> (<c>git/matching-refs/</c>); GitHub's own Link headers page through <c>/repositories/{id}/…</c>
    /// (described: <c>/repos/{owner}/{repo}/…</c>).</summary>
    private string? OperationPath(string method, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/');
        if (segments is ["repositories", _, ..]) segments = ["repos", "{owner}", "{repo}", .. segments[2..]];
        if (segments is [_, _, _, "git", "refs", _, ..] && method == "GET") segments = [.. segments[..4], "ref", string.Join('/', segments[5..])];
        if (segments is [_, _, _, "git", "refs"] && method == "GET") segments = [.. segments[..4], "matching-refs", ""];
        return _paths.Select(p => p.Key)
            .Select(template => (template, parts: template.Trim('/').Split('/')))
            .Where(t => t.parts.Length == segments.Length && t.parts.Zip(segments).All(z => z.First.StartsWith('{') || z.First == z.Second))
            .OrderBy(t => t.parts.Count(part => part.StartsWith('{')))
            .Select(t => t.template).FirstOrDefault();
    }

    /// <summary>OpenAPI 3.0 schema → JSON Schema 2020-12 (a copy).</summary>
    private static JsonNode? Translate(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(Translate).ToArray());
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                    if (name == "$ref") copy[name] = value!.GetValue<string>().Replace("#/components/schemas/", DefsId + "#/$defs/");
                    else if (name is not ("nullable" or "example" or "examples" or "discriminator" or "xml" or "externalDocs")) copy[name] = Translate(value);
                if (obj["nullable"]?.GetValue<bool>() != true) return copy;
                if (copy["type"] is JsonValue type)
                {
                    copy["type"] = new JsonArray(type.GetValue<string>(), "null");
                    if (copy["enum"] is JsonArray values && values.All(v => v is not null)) values.Add(null);
                    return copy;
                }
                return new JsonObject { ["anyOf"] = new JsonArray(copy, new JsonObject { ["type"] = "null" }) };
            default:
                return node?.DeepClone();
        }
    }
}
