// Discovery: /api (APIVersions), /api/v1 and /apis/{group}/{version} (APIResourceList), /apis (APIGroupList),
// /apis/{group} (APIGroup), /version, health endpoints. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/endpoints/discovery/{legacy.go,root.go,group.go,version.go} and the
// metav1.APIResource fields (name, singularName, namespaced, group/version for subresources of another group,
// kind, verbs, shortNames, categories). Unknown groups/versions answer 404 NotFound as the server's NotFound handler.
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes;

internal static class DiscoveryApi
{
    public const string GitVersion = "v1.33.1";

    public static async Task<int> HandleAsync(HttpContext http, ResourceCatalog catalog)
    {
        var parts = (http.Request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (http.Request.Method is not ("GET" or "HEAD"))
            throw StatusError.MethodNotAllowed();
        JsonObject? body = parts switch
        {
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = JsonTree.Strings("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
                {
                    ["clientCIDR"] = "0.0.0.0/0",
                    ["serverAddress"] = http.Request.Host.Value ?? "127.0.0.1",
                }),
            },
            ["api", "v1"] => ResourceList(catalog, "", "v1"),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = JsonTree.ToJsonArray(catalog.Groups().Select(g => (JsonNode?)Group(g.Group, g.Versions))),
            },
            ["apis", var group] => catalog.Groups().FirstOrDefault(g => g.Group == group) is { Group: not null } found
                ? Group(found.Group, found.Versions).Also(o =>
                {
                    o["kind"] = "APIGroup";
                    o["apiVersion"] = "v1";
                })
                : throw StatusError.NoSuchResource(),
            ["apis", var group, var version] => ResourceList(catalog, group, version),
            ["version"] => new JsonObject
            {
                ["major"] = "1",
                ["minor"] = "33",
                ["emulationMajor"] = "1",
                ["emulationMinor"] = "33",
                ["gitVersion"] = GitVersion,
                ["gitCommit"] = "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
                ["gitTreeState"] = "clean",
                ["buildDate"] = "2025-05-15T08:19:08Z",
                ["goVersion"] = "go1.24.2",
                ["compiler"] = "gc",
                ["platform"] = "linux/amd64",
            },
            ["healthz"] or ["livez"] or ["readyz"] => null,
            _ => throw new NotFoundPage(),
        };
        if (body is null)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("ok", Encoding.UTF8, http.RequestAborted);
            return 200;
        }
        await HttpIo.WriteJsonAsync(http, 200, body);
        return 200;
    }

    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions)
    {
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = JsonTree.ToJsonArray(versions.Select(v => (JsonNode?)Version(v))),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    private static JsonObject ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var types = catalog.InGroupVersion(group, version);
        if (types.Count == 0)
            throw StatusError.NoSuchResource();
        var resources = new JsonArray();
        foreach (var type in types.OrderBy(t => t.Plural, StringComparer.Ordinal))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = JsonTree.Strings(type.Verbs),
            };
            if (type.ShortNames.Length > 0)
                entry["shortNames"] = JsonTree.Strings(type.ShortNames);
            if (type.Categories.Length > 0)
                entry["categories"] = JsonTree.Strings(type.Categories);
            entry["storageVersionHash"] = StorageVersionHash(type);
            resources.Add(entry);
            foreach (var sub in type.Subresources.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var subEntry = new JsonObject
                {
                    ["name"] = $"{type.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                };
                if (sub.Group.Length > 0)
                {
                    subEntry["group"] = sub.Group;
                    subEntry["version"] = sub.Version;
                }
                subEntry["kind"] = sub.Kind;
                subEntry["verbs"] = JsonTree.Strings(sub.Verbs);
                resources.Add(subEntry);
            }
        }
        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
            list["apiVersion"] = "v1";
        list["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        list["resources"] = resources;
        return list;
    }

    /// <summary>apiserver's storageVersionHash: the first 8 bytes of sha256("group/version/kind"), base64.</summary>
    private static string StorageVersionHash(ResourceType type)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{type.Group}/{type.Version}/{type.Kind}"));
        return Convert.ToBase64String(bytes, 0, 8);
    }
}

/// <summary>Go's http.NotFound: a plain-text 404 for paths outside the API.</summary>
internal sealed class NotFoundPage() : Exception("404 page not found");
