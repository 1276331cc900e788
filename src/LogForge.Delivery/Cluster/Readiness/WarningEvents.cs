using k8s;
using k8s.Models;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>The latest Warning event about an object (`kubectl describe`'s Events, newest first): why a
/// pod does not start, why a claim is not provisioned.</summary>
public sealed class WarningEvents(ClusterConnection cluster)
{
    public async Task<string?> LatestAsync(NotReadyObject subject, CancellationToken ct)
    {
        var fieldSelector = $"involvedObject.name={subject.Name},involvedObject.kind={subject.Kind},type=Warning";
        var events = subject.Namespace is null
            ? await ClusterCall.RunAsync(cluster, $"list events of {subject.Id}",
                () => cluster.Api.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: fieldSelector, cancellationToken: ct), ct)
            : await ClusterCall.RunAsync(cluster, $"list events of {subject.Id}",
                () => cluster.Api.CoreV1.ListNamespacedEventAsync(subject.Namespace, fieldSelector: fieldSelector, cancellationToken: ct), ct);
        var latest = events.Items.OrderByDescending(When).FirstOrDefault();
        return latest is null ? null : $"{latest.Reason}: {latest.Message?.Trim()}";
    }

    private static DateTime When(Corev1Event e) =>
        e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp ?? DateTime.MinValue;
}
