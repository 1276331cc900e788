using System.Net;
using k8s;
using k8s.Models;
using LogForge.Delivery.Cluster.Readiness;

namespace LogForge.Delivery.Cluster.PortForward;

/// <summary>A Ready pod behind a Service and the container port a Service port leads to — what
/// `kubectl port-forward svc/NAME PORT` resolves before it forwards to the pod.</summary>
public sealed record ServiceTarget(string Namespace, string Service, string Pod, int PodPort)
{
    public static async Task<ServiceTarget> ResolveAsync(ClusterConnection cluster, string ns, string service, int servicePort, CancellationToken ct)
    {
        var (target, noReadyPod) = await TryResolveAsync(cluster, ns, service, servicePort, ct);
        return target ?? throw new ClusterException(noReadyPod ?? "no Ready pod", "wait for the rollout or look at the pods' events");
    }

    /// <summary>As <see cref="ResolveAsync"/>, except that no Ready pod is not an error (a rollout may still be under way):
    /// then the target is null and <c>NoReadyPod</c> says so and why (`no Ready pod behind Service NS/NAME (pod: reason; …)`).
    /// A missing Service or port and an API failure still throw.</summary>
    public static async Task<(ServiceTarget? Target, string? NoReadyPod)> TryResolveAsync(ClusterConnection cluster, string ns, string service, int servicePort,
        CancellationToken ct)
    {
        V1Service found;
        try
        {
            found = await ClusterCall.RunAsync(cluster, $"read Service {ns}/{service}",
                () => cluster.Api.CoreV1.ReadNamespacedServiceAsync(service, ns, cancellationToken: ct), ct);
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            throw new ClusterException($"no Service {service} in namespace {ns} ({cluster.Description})",
                "is the application deployed there? (Argo CD syncs it; ./build.sh ApplyArgo)", e);
        }

        var port = found.Spec?.Ports?.FirstOrDefault(p => p.Port == servicePort)
            ?? throw new ClusterException(
                $"Service {ns}/{service} has no port {servicePort} (it has {string.Join(", ", found.Spec?.Ports?.Select(p => p.Port) ?? [])})", fix: null);
        var selector = found.Spec?.Selector;
        if (selector is null || selector.Count == 0)
            throw new ClusterException($"Service {ns}/{service} has no selector, so no pod to forward to", fix: null);

        var labelSelector = string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}"));
        var pods = await ClusterCall.RunAsync(cluster, $"list pods of Service {ns}/{service}",
            () => cluster.Api.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: ct), ct);
        var ready = pods.Items
            .Where(p => p.Metadata.DeletionTimestamp is null && WorkloadsProbe.IsReady(p))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (ready is null)
        {
            var why = pods.Items.Count == 0 ? "no pods match its selector " + labelSelector
                : string.Join("; ", pods.Items.Select(p => $"{p.Metadata.Name}: {WorkloadsProbe.WhyNotReady(p)}"));
            return (null, $"no Ready pod behind Service {ns}/{service} ({why})");
        }
        return (new ServiceTarget(ns, service, ready.Metadata.Name, ContainerPort(port, ready, ns, service)), null);
    }

    private static int ContainerPort(V1ServicePort port, V1Pod pod, string ns, string service)
    {
        var target = port.TargetPort;
        if (target is null) return port.Port;
        if (int.TryParse(target.Value, out var number)) return number;
        var named = pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target.Value);
        return named?.ContainerPort
            ?? throw new ClusterException($"Service {ns}/{service} port {port.Port} targets the port named '{target.Value}', " +
                $"which pod {pod.Metadata.Name} does not declare", fix: null);
    }
}
