using System.Text.Json.Nodes;

namespace LogForge.Delivery.Cluster;

/// <summary>Where the API serves one kind: its plural resource name and whether it is namespaced.</summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The collection path, relative to the server: api/v1/namespaces/ns/pods or apis/apps/v1/deployments.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced ? $"{root}/namespaces/{Uri.EscapeDataString(ns ?? "default")}/{Plural}" : $"{root}/{Plural}";
    }

    public string ObjectPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
}

/// <summary>
/// Kind → resource, from the API server's discovery documents (/api/v1, /apis/GROUP/VERSION), as
/// kubectl's RESTMapper does; a group/version is asked once per run, and again after a miss (a CRD
/// applied in this run registers new kinds).
/// </summary>
public sealed class ResourceCatalog(ClusterConnection cluster)
{
    private readonly Dictionary<string, IReadOnlyList<ApiResource>> _byGroupVersion = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The resource serving <paramref name="kind"/> in apiVersion <paramref name="group"/>/<paramref name="version"/>,
    /// or null when the server has none.</summary>
    public async Task<ApiResource?> FindAsync(string group, string version, string kind, CancellationToken ct)
    {
        var found = (await ResourcesAsync(group, version, refresh: false, ct)).FirstOrDefault(r => r.Kind == kind);
        return found ?? (await ResourcesAsync(group, version, refresh: true, ct)).FirstOrDefault(r => r.Kind == kind);
    }

    /// <summary>Like <see cref="FindAsync"/>, but a missing kind is a one-line error naming the CRD to install.</summary>
    public async Task<ApiResource> RequireAsync(string group, string version, string kind, CancellationToken ct) =>
        await FindAsync(group, version, kind, ct) ?? throw new ClusterException(
            $"{cluster.Description} does not serve {kind} ({(group.Length == 0 ? version : group + "/" + version)})",
                "install its CustomResourceDefinition first (./build.sh Bootstrap installs the lab's)");

    private async Task<IReadOnlyList<ApiResource>> ResourcesAsync(string group, string version, bool refresh, CancellationToken ct)
    {
        var key = $"{group}/{version}";
        await _gate.WaitAsync(ct);
        try
        {
            if (!refresh && _byGroupVersion.TryGetValue(key, out var known)) return known;
            var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            JsonNode? document;
            try
            {
                document = await ClusterCall.RunAsync(cluster, $"discover {key}", () => cluster.Api.SendAsync(HttpMethod.Get, path, null, ct), ct);
            }
            catch (ClusterException e) when (ClusterCall.StatusOf(e.InnerException!) == System.Net.HttpStatusCode.NotFound)
            {
                document = null; // the group/version is not served (yet)
            }
            var resources = document?["resources"]?.AsArray()
                .Select(r => r!.AsObject())
                .Where(r => !(r["name"]?.GetValue<string>() ?? "").Contains('/')) // subresources: pods/log, deployments/scale
                .Select(r => new ApiResource(group, version, r["kind"]!.GetValue<string>(), r["name"]!.GetValue<string>(),
                    r["namespaced"]?.GetValue<bool>() ?? false))
                .ToList() ?? [];
            _byGroupVersion[key] = resources;
            return resources;
        }
        finally
        {
            _gate.Release();
        }
    }
}
