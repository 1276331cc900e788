using k8s;
using LogForge.Delivery.Cluster.Readiness;

namespace LogForge.Delivery.Cluster;

/// <summary>One container of a Ready pod: the image its spec names and the image the kubelet resolved and runs
/// (<c>status.containerStatuses[].imageID</c>, <c>repository@sha256:…</c>; empty while it is being pulled).</summary>
public sealed record RunningImage(string Pod, string Container, string Image, string ImageId)
{
    /// <summary>The digest the container runs: what follows the last '@' of its imageID (null when the kubelet has not said).</summary>
    public string? Digest => ImageId.LastIndexOf('@') is var at and >= 0 ? ImageId[(at + 1)..] : null;
}

/// <summary>What an environment's Ready pods run: every container of every Ready, not terminating pod of the Helm release
/// (label <c>app.kubernetes.io/instance=&lt;release&gt;</c>), from the pods' status.</summary>
public static class RunningImages
{
    public static async Task<IReadOnlyList<RunningImage>> ReadAsync(ClusterConnection cluster, string ns, string release, CancellationToken ct)
    {
        var selector = $"app.kubernetes.io/instance={release}";
        var pods = await ClusterCall.RunAsync(cluster, $"list the pods of {release} in {ns}",
            () => cluster.Api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct), ct);
        return pods.Items
            .Where(p => p.Metadata.DeletionTimestamp is null && WorkloadsProbe.IsReady(p))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .SelectMany(p => (p.Status?.ContainerStatuses ?? []).Select(s => new RunningImage(p.Metadata.Name, s.Name, s.Image ?? "", s.ImageID ?? "")))
            .ToList();
    }
}
