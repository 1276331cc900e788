using k8s;
using k8s.Models;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>
/// A namespace's Deployments and StatefulSets have all replicas ready, and its pods are Running and
/// Ready (or Succeeded, for a finished Job's pod) — `kubectl get pods -n NS`, with the workloads so
/// an empty namespace is not taken for a ready one.
/// </summary>
public sealed class WorkloadsProbe(ClusterConnection cluster, string ns) : IReadinessProbe
{
    public string Check => $"pods {ns}";

    public async Task<ReadinessResult> ProbeAsync(CancellationToken ct)
    {
        var deployments = await ClusterCall.RunAsync(cluster, $"list deployments in {ns}",
            () => cluster.Api.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct), ct);
        var statefulSets = await ClusterCall.RunAsync(cluster, $"list statefulsets in {ns}",
            () => cluster.Api.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct), ct);
        var pods = await ClusterCall.RunAsync(cluster, $"list pods in {ns}", () => cluster.Api.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct), ct);

        var notReady = new List<NotReadyObject>();
        foreach (var deployment in deployments.Items)
        {
            var (want, ready) = (deployment.Spec?.Replicas ?? 1, deployment.Status?.ReadyReplicas ?? 0);
            if (ready < want) notReady.Add(new NotReadyObject("Deployment", ns, deployment.Metadata.Name, $"{ready}/{want} replicas ready"));
        }
        foreach (var statefulSet in statefulSets.Items)
        {
            var (want, ready) = (statefulSet.Spec?.Replicas ?? 1, statefulSet.Status?.ReadyReplicas ?? 0);
            if (ready < want) notReady.Add(new NotReadyObject("StatefulSet", ns, statefulSet.Metadata.Name, $"{ready}/{want} replicas ready"));
        }
        var running = pods.Items.Where(p => p.Status?.Phase != "Succeeded").ToList();
        foreach (var pod in running.Where(p => !IsReady(p)))
            notReady.Add(new NotReadyObject("Pod", ns, pod.Metadata.Name, WhyNotReady(pod)));

        var workloads = deployments.Items.Count + statefulSets.Items.Count;
        return ReadinessResult.Of(Check, $"{running.Count(IsReady)}/{running.Count} pods Ready, {workloads} workloads", notReady);
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>The most telling reason: a waiting container's reason and message, else the phase and the failing condition.</summary>
    public static string WhyNotReady(V1Pod pod)
    {
        var waiting = pod.Status?.ContainerStatuses?.Concat(pod.Status.InitContainerStatuses ?? [])
            .FirstOrDefault(s => s.State?.Waiting is not null);
        if (waiting?.State?.Waiting is { } w)
            return $"{pod.Status!.Phase}, container {waiting.Name} waiting: {w.Reason}{(string.IsNullOrEmpty(w.Message) ? "" : ": " + w.Message)}";
        var failing = pod.Status?.Conditions?.FirstOrDefault(c => c.Status != "True" && (c.Reason is not null || c.Message is not null));
        return failing is null
            ? $"{pod.Status?.Phase ?? "Pending"}, not Ready"
            : $"{pod.Status?.Phase ?? "Pending"}, {failing.Type}={failing.Status} " +
              $"({failing.Reason}{(string.IsNullOrEmpty(failing.Message) ? "" : ": " + failing.Message)})";
    }
}
