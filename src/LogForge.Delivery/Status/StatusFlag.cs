namespace LogForge.Delivery.Status;

/// <summary>How much a flag asks of the operator: Info is expected and says what comes next, Warning wants a look, Alarm is wrong now.</summary>
public enum FlagLevel { Info, Warning, Alarm }

/// <summary>One finding of Status: a stable <see cref="Code"/> (scripts match it; docs/status.md lists them), the environment it is
/// about (null for the whole), and one line that says what is seen and what to do.</summary>
public sealed record StatusFlag(string Code, FlagLevel Level, string? Environment, string Message);

/// <summary>The flag codes; docs/status.md explains each.</summary>
public static class StatusFlagCodes
{
    /// <summary>A manual-sync environment whose git is ahead of what Argo CD synced: expected until its sync (Promote continues it).</summary>
    public const string AwaitingManualSync = "awaiting-manual-sync";
    /// <summary>An auto-synced environment that Argo CD reports OutOfSync with no operation running.</summary>
    public const string GitNotSynced = "git-not-synced";
    /// <summary>Synced, but the pods are not what was synced: fewer Ready than desired, another image, or /version disagrees.</summary>
    public const string RolloutIncomplete = "rollout-incomplete";
    /// <summary>The last Argo CD operation ended Failed or Error.</summary>
    public const string SyncFailed = "sync-failed";
    /// <summary>Production pins an older release than staging: N releases behind.</summary>
    public const string BehindStaging = "behind-staging";
    /// <summary>The compared environments (staging, production) render from git with a difference the parity policy does not allow,
    /// run a different topology (/version's pipeline, storage, Kafka) or Deployment size, or pin different digests for one tag.</summary>
    public const string ParityDrift = "parity-drift";
    /// <summary>The ledger rejects (rolled back from) the version the environment runs.</summary>
    public const string RejectedRunning = "rejected-running";
    /// <summary>The ledger rejects the version the environment's values pin.</summary>
    public const string RejectedPinned = "rejected-pinned";
}
