using k8s;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>Every node reports Ready=True (`kubectl get nodes`).</summary>
public sealed class NodesProbe(ClusterConnection cluster) : IReadinessProbe
{
    public string Check => "nodes";

    public async Task<ReadinessResult> ProbeAsync(CancellationToken ct)
    {
        var nodes = await ClusterCall.RunAsync(cluster, "list nodes", () => cluster.Api.CoreV1.ListNodeAsync(cancellationToken: ct), ct);
        var notReady = nodes.Items
            .Where(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
            .Select(n => new NotReadyObject("Node", null, n.Metadata.Name,
                n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { } ready
                    ? $"Ready={ready.Status} ({ready.Reason}: {ready.Message})"
                    : "no Ready condition"))
            .ToList();
        if (nodes.Items.Count == 0)
            notReady.Add(new NotReadyObject("Node", null, "(none)", "the cluster has no nodes"));
        return ReadinessResult.Of(Check, $"{nodes.Items.Count - notReady.Count(n => n.Name != "(none)")}/{nodes.Items.Count} Ready", notReady);
    }
}
