using LogForge.Delivery.GitHub;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

public enum PromotionKind { Promote, Rollback }

/// <summary>The inputs of one Promote or Rollback run.</summary>
/// <param name="Version">The version production should run; null for a Rollback to the version before the current one.</param>
public sealed record PromotionRequest(string CheckoutRoot, PromotionKind Kind, ReleaseVersion? Version)
{
    /// <summary>Run the gate and show the pull request it would open; push, open and sync nothing; no token needed.</summary>
    public bool DryRun { get; init; }
    /// <summary>When the pull request is open, wait (polling GitHub) until it is merged, then go on to the sync.</summary>
    public bool WaitForMerge { get; init; }
    /// <summary>How long to wait for the merge (with <see cref="WaitForMerge"/>) and for the sync.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public GitHubRepository? Repository { get; init; }
    public string Remote { get; init; } = "origin";
    public WorkflowRun? Run { get; init; }
    public string? StepSummaryPath { get; init; }
    /// <summary>Why, for the pull request and the ledger's Reason trailer (Rollback; Promote with <see cref="Force"/>).</summary>
    public string? Reason { get; init; }
    /// <summary>Rollback: allow a version that production never ran. Promote: promote a version the ledger rejects (needs
    /// <see cref="Reason"/>); its commit records Forced: true.</summary>
    public bool Force { get; init; }
}

/// <summary>How a run ended (failures throw <see cref="DeliveryStepException"/>).</summary>
public enum PromotionResult
{
    /// <summary>--dry-run: the gate ran, the pull request was shown.</summary>
    DryRun,
    /// <summary>A pull request was opened or refreshed; it waits for its merge.</summary>
    AwaitingMerge,
    /// <summary>The merged change was synced to production and verified.</summary>
    Synced,
    /// <summary>Production already ran the version, Synced and Healthy; verified again.</summary>
    AlreadyDone,
}

/// <summary>The end of a run: what happened (one line), and the evidence along the way.</summary>
public sealed record PromotionOutcome(PromotionResult Result, string Summary)
{
    public PullRequestInfo? PullRequest { get; init; }
    public string? Diff { get; init; }
    public string? Title { get; init; }
    public string? Body { get; init; }
    public LogForge.Delivery.Cluster.Argo.SyncOutcome? Sync { get; init; }
    public LogForge.Delivery.Smoke.SmokeReport? ProductionSmoke { get; init; }
}
