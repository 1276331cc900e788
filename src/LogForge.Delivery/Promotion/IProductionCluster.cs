using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Smoke;

namespace LogForge.Delivery.Promotion;

/// <summary>What Promote and Rollback need from the cluster: the Applications' state, the smoke checks over a
/// port-forward, and the manual sync of production.</summary>
public interface IProductionCluster
{
    string Description { get; }
    Task<ApplicationState?> StateAsync(string environment, CancellationToken ct);
    /// <summary>The Application's status.sync.revision and when it last synced and reconciled (for the pull request's evidence).</summary>
    Task<ApplicationEvidence?> EvidenceAsync(string environment, CancellationToken ct);
    Task<SmokeReport> SmokeAsync(string environment, string expectedVersion, bool readOnly, CancellationToken ct);
    Task<SyncOutcome> SyncAsync(string environment, string revision, string actor, string runId, TimeSpan timeout, CancellationToken ct);
}

/// <summary>Where an Application stands, for a reviewer: revision, sync and health, and their times.</summary>
public sealed record ApplicationEvidence(string Application, string? Revision, string Sync, string Health, string? SyncedAt, string? ReconciledAt);
