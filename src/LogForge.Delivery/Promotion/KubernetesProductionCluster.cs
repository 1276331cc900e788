using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>Runs a smoke test of one environment in the cluster (over a port-forward) and returns its report.</summary>
public delegate Task<SmokeReport> ClusterSmokeRunner(string environment, string expectedVersion, bool readOnly, CancellationToken ct);

/// <summary>The cluster through the Kubernetes API: Argo CD Applications read and synced (<see cref="ManualSync"/>, its lines to
/// <paramref name="log"/>, its timeout on <paramref name="time"/>), smoke tests by <paramref name="smoke"/>.</summary>
public sealed class KubernetesProductionCluster(ClusterConnection cluster, EnvironmentPolicy policy, ClusterSmokeRunner smoke, ILogger? log = null,
    TimeProvider? time = null) : IProductionCluster
{
    private readonly ArgoApplications _applications = new(cluster, policy.Argocd.Namespace);

    public string Description => cluster.Description;

    public Task<ApplicationState?> StateAsync(string environment, CancellationToken ct) =>
        _applications.StateAsync(policy.ApplicationNameFor(environment), ct);

    public async Task<ApplicationEvidence?> EvidenceAsync(string environment, CancellationToken ct)
    {
        var name = policy.ApplicationNameFor(environment);
        if (await _applications.ReadAsync(name, ct) is not { } application) return null;
        var state = ApplicationState.From(application);
        var status = application["status"];
        return new ApplicationEvidence(name, state.Revision, state.Sync, state.Health,
            status?["operationState"]?["finishedAt"]?.GetValue<string>(), status?["reconciledAt"]?.GetValue<string>());
    }

    public Task<SmokeReport> SmokeAsync(string environment, string expectedVersion, bool readOnly, CancellationToken ct) =>
        smoke(environment, expectedVersion, readOnly, ct);

    public Task<SyncOutcome> SyncAsync(string environment, string revision, string actor, string runId, TimeSpan timeout, CancellationToken ct) =>
        new ManualSync(cluster, policy.Argocd.Namespace, log, time).RunAsync(policy.ApplicationNameFor(environment), revision, actor, runId, timeout, ct);
}
