using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>What Promote and Rollback need from the cluster: the Applications' state, the smoke checks over a
/// port-forward, and the manual sync of production. Each call names an environment as the flow resolved it.</summary>
public interface IProductionCluster
{
    string Description { get; }
    Task<ApplicationState?> StateAsync(TargetEnvironment environment, CancellationToken ct);
    /// <summary>The Application's status.sync.revision and when it last synced and reconciled (for the pull request's evidence).</summary>
    Task<ApplicationEvidence?> EvidenceAsync(TargetEnvironment environment, CancellationToken ct);
    Task<SmokeReport> SmokeAsync(TargetEnvironment environment, ReleaseVersion expectedVersion, bool readOnly, CancellationToken ct);
    /// <summary>Every container of the environment's Ready pods: the image it names and the digest it runs.</summary>
    Task<IReadOnlyList<RunningImage>> RunningImagesAsync(TargetEnvironment environment, CancellationToken ct);
    Task<SyncOutcome> SyncAsync(TargetEnvironment environment, string revision, string actor, string runId, TimeSpan timeout, CancellationToken ct);
}

/// <summary>Where an Application stands, for a reviewer: revision, sync and health, and their times.</summary>
public sealed record ApplicationEvidence(string Application, string? Revision, string Sync, string Health, string? SyncedAt, string? ReconciledAt);
