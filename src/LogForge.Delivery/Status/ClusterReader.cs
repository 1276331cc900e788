using System.Text.Json.Nodes;
using k8s;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Cluster.PortForward;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Cluster;
using Serilog;
using Serilog.Events;

namespace LogForge.Delivery.Status;

/// <summary>
/// Status's cluster half for one environment, read-only and without waiting: the Argo CD Application, the Deployment's replicas, the
/// Ready pods' images, and GET /version over a port-forward to one Ready pod behind the Service (nothing is posted, no key is read).
/// A failed read is the environment's one-line problem; the other environments are read all the same.
/// </summary>
public sealed class ClusterReader(ClusterConnection cluster, ILogger log)
{
    // The forward's "Forwarding 127.0.0.1:…" line is Smoke's business; Status shows only its warnings (a kubelet error).
    private readonly ILogger _forwardLog = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Logger(log).CreateLogger();

    public async Task<(ArgoView? Argo, LiveView? Live, string? Problem)> ReadAsync(TargetEnvironment environment, CancellationToken ct)
    {
        var argo = ReadArgoAsync(environment, ct);
        var live = ReadLiveAsync(environment, ct);
        try
        {
            await Task.WhenAll(argo, live);
        }
        catch (ClusterException)
        {
            // each read's own failure is taken below: one failing does not hide what the other read
        }
        var problems = new Task[] { argo, live }.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
        if (problems.FirstOrDefault(e => e is not ClusterException) is { } other) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(other);
        var argoView = argo.IsCompletedSuccessfully ? argo.Result : null;
        var problem = problems.Count > 0 ? ((ClusterException)problems[0]).What : argoView is null ? NoApplication(environment) : null;
        return (argoView, live.IsCompletedSuccessfully ? live.Result : null, problem);
    }

    private static string NoApplication(TargetEnvironment environment) =>
        $"no Argo CD Application {environment.Policy.Argocd.Namespace}/{environment.ApplicationName} (./build.sh ApplyArgo creates it)";

    private async Task<ArgoView?> ReadArgoAsync(TargetEnvironment environment, CancellationToken ct)
    {
        if (await new ArgoApplications(cluster, environment.Policy.Argocd.Namespace).ReadAsync(environment.ApplicationName, ct) is not { } application)
            return null;
        var state = ApplicationState.From(application);
        var operation = application["status"]?["operationState"];
        var initiatedBy = operation?["operation"]?["initiatedBy"];
        var who = initiatedBy?["automated"]?.GetValue<bool>() == true ? "automated" : initiatedBy?["username"]?.GetValue<string>();
        return new ArgoView(state.Sync, state.Health, state.Revision, state.Automated, state.OperationPhase, state.OperationMessage, who,
            Time(operation?["finishedAt"]));
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private async Task<LiveView> ReadLiveAsync(TargetEnvironment environment, CancellationToken ct)
    {
        var ns = environment.Namespace;
        var release = environment.ApplicationName;
        var deployments = ClusterCall.RunAsync(cluster, $"list the Deployments of {release} in {ns}",
            () => cluster.Api.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: $"app.kubernetes.io/instance={release}", cancellationToken: ct), ct);
        var running = RunningImages.ReadAsync(cluster, ns, release, ct);
        var version = ReadVersionAsync(environment, ct);

        var desired = (await deployments).Items.Sum(d => d.Spec?.Replicas ?? 1);
        var containers = await running;
        var images = containers.GroupBy(c => (c.Image, c.ImageId))
            .Select(g => new LiveImage(g.Key.Image, g.Key.ImageId, g.Count()))
            .OrderBy(i => i.Image, StringComparer.Ordinal).ToList();
        var (answer, problem) = await version;
        return new LiveView(containers.Select(c => c.Pod).Distinct().Count(), desired, images, answer, problem);
    }

    private async Task<(VersionAnswer? Answer, string? Problem)> ReadVersionAsync(TargetEnvironment environment, CancellationToken ct)
    {
        SmokeService service;
        try
        {
            service = SmokeService.For(environment);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
        var (target, noReadyPod) = await ServiceTarget.TryResolveAsync(cluster, service.Namespace, service.Name, service.Port, ct);
        if (target is null) return (null, noReadyPod);

        await using var forward = PodPortForward.Start(cluster, target, _forwardLog);
        using var client = new SmokeClient(forward.LocalUrl);
        var answer = await client.GetAsync("/version", ct);
        if (VersionAnswer.From(answer) is { } version) return (version, null);
        var said = forward.LastError is { } error ? $"the kubelet reported: {error}" : answer.Describe(HttpAnswer.BriefBytes);
        return (null, $"GET /version from pod {target.Pod}: {said}");
    }
}
