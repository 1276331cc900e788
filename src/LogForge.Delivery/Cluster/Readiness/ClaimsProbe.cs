using k8s;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>Every PersistentVolumeClaim in the cluster is Bound (`kubectl get pvc -A`).</summary>
public sealed class ClaimsProbe(ClusterConnection cluster) : IReadinessProbe
{
    public string Check => "PVCs";

    public async Task<ReadinessResult> ProbeAsync(CancellationToken ct)
    {
        var claims = await ClusterCall.RunAsync(cluster, "list persistentvolumeclaims",
            () => cluster.Api.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct), ct);
        var notBound = claims.Items
            .Where(c => c.Status?.Phase != "Bound")
            .Select(c => new NotReadyObject("PersistentVolumeClaim", c.Metadata.NamespaceProperty, c.Metadata.Name, c.Status?.Phase ?? "Pending"))
            .ToList();
        return ReadinessResult.Of(Check, $"{claims.Items.Count - notBound.Count}/{claims.Items.Count} Bound", notBound);
    }
}
