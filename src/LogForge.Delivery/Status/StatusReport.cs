using LogForge.Delivery.Ledger;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Status;

/// <summary>
/// What Status shows: for each environment of the policy (dev, staging, production, in the policy's order, which is the promotion
/// order) what git pins, what Argo CD reports and what runs; the open pull requests of the delivery flows; and the flags. A half that
/// could not be read is null and its <c>…Problem</c> says why (no cluster, no token, no helm), so every output can say it.
/// <see cref="Parity"/>: staging against production as rendered from git (<see cref="GitParityReader"/>).
/// </summary>
public sealed record StatusReport(
    string Source,
    string Commit,
    DateTimeOffset ReadAt,
    TimeSpan Elapsed,
    IReadOnlyList<EnvironmentStatus> Environments,
    string? ClusterDescription,
    string? ClusterProblem,
    IReadOnlyList<OpenPullRequest>? PullRequests,
    string? PullRequestsProblem,
    IReadOnlyList<StatusFlag> Flags,
    GitParity? Parity = null,
    string? ParityProblem = null)
{
    /// <summary>The flags of every environment and of the whole (<see cref="Flags"/>: those about no one environment), most severe first.</summary>
    public IEnumerable<StatusFlag> AllFlags =>
        Environments.SelectMany(e => e.Flags).Concat(Flags).OrderByDescending(f => f.Level);

    public EnvironmentStatus this[string environment] => Environments.Single(e => e.Name == environment);
}

/// <summary>One environment: <see cref="Desired"/> from git; <see cref="Argo"/> and <see cref="Live"/> from the cluster (null without one,
/// or when the read failed: <see cref="ClusterProblem"/>); <see cref="SyncedPin"/>: what the values file pinned at the revision Argo CD
/// synced (null when Argo CD names none or this clone lacks that commit).</summary>
public sealed record EnvironmentStatus(
    string Name,
    string Namespace,
    string Application,
    bool AutomatedSync,
    DesiredState Desired,
    ArgoView? Argo,
    ImagePin? SyncedPin,
    LiveView? Live,
    string? ClusterProblem,
    IReadOnlyList<StatusFlag> Flags);

/// <summary>What the environment's values file on the default branch pins, and the newest ledger entry that set it (null when no
/// commit in the history changed the tag: the file was written that way).</summary>
public sealed record DesiredState(string ValuesFile, string Tag, string? Digest, LedgerEntry? SetBy)
{
    public ImagePin Pin => new(Tag, Digest);
}

/// <summary>The Argo CD Application: sync status and the revision it synced, health, and its last operation (phase, who started it —
/// a user, or "automated" for auto-sync — and when it finished).</summary>
public sealed record ArgoView(
    string Sync,
    string Health,
    string? Revision,
    bool Automated,
    string? OperationPhase,
    string? OperationMessage,
    string? InitiatedBy,
    DateTimeOffset? OperationFinishedAt);

/// <summary>
/// What runs: Ready pods of the release against the Deployment's replicas, each distinct image the Ready pods' containers run
/// (<c>imageID</c>, <c>repository@sha256:…</c>), and what GET /version answers over a port-forward (read-only; null with
/// <see cref="VersionProblem"/> when it could not be asked).
/// </summary>
public sealed record LiveView(int ReadyPods, int DesiredPods, IReadOnlyList<LiveImage> Images, VersionAnswer? Version, string? VersionProblem)
{
    /// <summary>The digests the Ready pods run (what follows '@' in each imageID).</summary>
    public IEnumerable<string> Digests => Images.Select(i => i.Digest).OfType<string>().Distinct();
}

/// <summary>One distinct image among the Ready pods: the image the spec names, the imageID the kubelet reports, and how many containers
/// run it.</summary>
public sealed record LiveImage(string Image, string ImageId, int Containers)
{
    public string? Digest => ImageId.LastIndexOf('@') is var at and >= 0 ? ImageId[(at + 1)..] : null;

    /// <summary>The tag of <see cref="Image"/> (repository:tag[@digest]), null when it names none.</summary>
    public string? Tag
    {
        get
        {
            var reference = Image.Split('@')[0];
            var colon = reference.LastIndexOf(':');
            return colon > reference.LastIndexOf('/') ? reference[(colon + 1)..] : null;
        }
    }
}

/// <summary>An open pull request of the delivery flows (branches release/*, promote/*, rollback/*).</summary>
public sealed record OpenPullRequest(int Number, string Title, string Url, string Branch, DateTimeOffset? CreatedAt);
