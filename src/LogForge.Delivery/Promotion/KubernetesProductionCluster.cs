using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>The cluster through the Kubernetes API: Argo CD Applications read and synced (<see cref="ManualSync"/>, its lines to
/// <paramref name="log"/>, its timeout on <paramref name="time"/>); smoke tests by <paramref name="smoke"/> (a Ready pod and /ready
/// waited for up to <paramref name="smokeWait"/>), each report passed through <paramref name="mask"/> (the build's secret masker)
/// before anything writes it.</summary>
public sealed class KubernetesProductionCluster(ClusterConnection cluster, ClusterSmoke smoke, TimeSpan smokeWait, Func<string, string> mask,
    ILogger? log = null, TimeProvider? time = null) : IProductionCluster
{
    public string Description => cluster.Description;

    public Task<ApplicationState?> StateAsync(TargetEnvironment environment, CancellationToken ct) =>
        Applications(environment).StateAsync(environment.ApplicationName, ct);

    public async Task<ApplicationEvidence?> EvidenceAsync(TargetEnvironment environment, CancellationToken ct)
    {
        var name = environment.ApplicationName;
        if (await Applications(environment).ReadAsync(name, ct) is not { } application) return null;
        var state = ApplicationState.From(application);
        var status = application["status"];
        return new ApplicationEvidence(name, state.Revision, state.Sync, state.Health,
            status?["operationState"]?["finishedAt"]?.GetValue<string>(), status?["reconciledAt"]?.GetValue<string>());
    }

    public async Task<SmokeReport> SmokeAsync(TargetEnvironment environment, ReleaseVersion expectedVersion, bool readOnly, CancellationToken ct) =>
        (await smoke.RunAsync(environment, expectedVersion, readOnly, smokeWait, ct)).Masked(mask);

    public Task<IReadOnlyList<RunningImage>> RunningImagesAsync(TargetEnvironment environment, CancellationToken ct) =>
        RunningImages.ReadAsync(cluster, environment.Namespace, environment.ApplicationName, ct);

    public Task<SyncOutcome> SyncAsync(TargetEnvironment environment, string revision, string actor, string runId, TimeSpan timeout, CancellationToken ct) =>
        new ManualSync(cluster, environment.Policy.Argocd.Namespace, log, time).RunAsync(environment.ApplicationName, revision, actor, runId, timeout, ct);

    private ArgoApplications Applications(TargetEnvironment environment) => new(cluster, environment.Policy.Argocd.Namespace);
}
