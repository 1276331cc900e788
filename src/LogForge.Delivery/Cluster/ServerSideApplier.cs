using System.Net;
using k8s.Models;

namespace LogForge.Delivery.Cluster;

public enum ApplyOutcome { Created, Configured, Unchanged }

/// <summary>What applying one object did; Unchanged means its resourceVersion stayed.</summary>
public sealed record AppliedObject(ManifestObject Object, ApplyOutcome Outcome);

/// <summary>
/// Server-side apply (`kubectl apply --server-side --force-conflicts`), through the API: a PATCH of
/// content type application/apply-patch+yaml with fieldManager=logforge-build and force=true (the
/// build owns the fields it applies). A re-apply of the same content changes nothing on the server,
/// so the object's resourceVersion stays. Each object is reported created, configured or unchanged by
/// our field manager's own managedFields entry, read before and after: a controller that writes the
/// object's status meanwhile (Argo CD, a Deployment's) moves its resourceVersion, not our entry.
/// Kubernetes docs: "Server-Side Apply" (reference/using-api/server-side-apply).
/// </summary>
public sealed class ServerSideApplier(ClusterConnection cluster, ResourceCatalog catalog)
{
    public const string FieldManager = "logforge-build";
    private const int Concurrency = 8;

    /// <summary>Applies <paramref name="manifest"/>; a namespaced object that names no namespace goes to <paramref name="defaultNamespace"/>.</summary>
    public async Task<AppliedObject> ApplyAsync(ManifestObject manifest, string? defaultNamespace, CancellationToken ct, bool dryRun = false)
    {
        var resource = await catalog.RequireAsync(manifest.Group, manifest.Version, manifest.Kind, ct);
        if (resource.Namespaced && manifest.Namespace is null)
        {
            if (defaultNamespace is null)
                throw new ClusterException($"{manifest.Id} names no namespace and none was given", "set metadata.namespace");
            manifest = manifest.InNamespaceIfUnset(defaultNamespace);
        }
        var path = resource.ObjectPath(manifest.Namespace, manifest.Name);
        var before = await OwnedFieldsAsync(path, manifest.Id, ct);
        var query = $"?fieldManager={FieldManager}&force=true{(dryRun ? "&dryRun=All" : "")}";
        var patch = new V1Patch(manifest.Body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        var applied = await ClusterCall.RunAsync(cluster, $"apply {manifest.Id}",
            () => cluster.Api.SendAsync(HttpMethod.Patch, path + query, patch, ct), ct);
        var after = OwnedFields(applied);
        var outcome = before is null ? ApplyOutcome.Created : before == after ? ApplyOutcome.Unchanged : ApplyOutcome.Configured;
        return new AppliedObject(manifest, outcome);
    }

    /// <summary>Applies independent objects, several at a time; results in the given order.</summary>
    public async Task<IReadOnlyList<AppliedObject>> ApplyAllAsync(IReadOnlyList<ManifestObject> manifests, string? defaultNamespace, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        var tasks = manifests.Select(async manifest =>
        {
            await slots.WaitAsync(ct);
            try { return await ApplyAsync(manifest, defaultNamespace, ct); }
            finally { slots.Release(); }
        }).ToList();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Our manager's managedFields entry (its fields and time) as JSON text; "" when it owns nothing yet; null when the
    /// object does not exist.</summary>
    private async Task<string?> OwnedFieldsAsync(string path, string id, CancellationToken ct)
    {
        try
        {
            return OwnedFields(await ClusterCall.RunAsync(cluster, $"read {id}",
                () => cluster.Api.SendAsync(HttpMethod.Get, path, null, ct, KubernetesApi.MetadataOnly), ct));
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string OwnedFields(System.Text.Json.Nodes.JsonNode? obj) =>
        obj?["metadata"]?["managedFields"]?.AsArray()
            .FirstOrDefault(m => m?["manager"]?.GetValue<string>() == FieldManager && m["operation"]?.GetValue<string>() == "Apply")
            ?.ToJsonString() ?? "";
}
