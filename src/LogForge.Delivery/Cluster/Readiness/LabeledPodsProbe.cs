using k8s;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>At least one pod matches the label selector and every one of them is Running and Ready (`kubectl get pods -n NS -l SELECTOR`).</summary>
public sealed class LabeledPodsProbe(ClusterConnection cluster, string ns, string labelSelector) : IReadinessProbe
{
    public string Check => $"pods {ns} -l {labelSelector}";

    public async Task<ReadinessResult> ProbeAsync(CancellationToken ct)
    {
        var pods = await ClusterCall.RunAsync(cluster, $"list pods -l {labelSelector} in {ns}",
            () => cluster.Api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: ct), ct);
        var live = pods.Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        if (live.Count == 0)
            return ReadinessResult.Of(Check, "no pods", [new NotReadyObject("Pod", ns, $"-l {labelSelector}", "no pod matches")]);
        var notReady = live.Where(p => !WorkloadsProbe.IsReady(p)).Select(p => new NotReadyObject("Pod", ns, p.Metadata.Name, WorkloadsProbe.WhyNotReady(p)));
        return ReadinessResult.Of(Check,
            $"{live.Count(WorkloadsProbe.IsReady)}/{live.Count} Ready ({string.Join(", ", live.Select(p => p.Metadata.Name))})", notReady);
    }
}
