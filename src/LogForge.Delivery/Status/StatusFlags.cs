using LogForge.Delivery.Environments;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Status;

/// <summary>
/// The flags of one read (docs/status.md): per environment, git against Argo CD (a manual-sync environment ahead of its sync is
/// expected — said as information, not an alarm), Argo CD against the pods, the last operation, and the ledger's rejections; across
/// environments, production behind staging and staging/production parity.
/// </summary>
public static class StatusFlags
{
    public static IReadOnlyList<StatusFlag> For(EnvironmentStatus env, IReadOnlyList<LedgerEntry> ledger)
    {
        var flags = new List<StatusFlag>();
        if (env.Argo is { } argo)
        {
            var running = argo.OperationPhase is "Running" or "Terminating";
            if (argo.OperationPhase is "Failed" or "Error")
                flags.Add(new(StatusFlagCodes.SyncFailed, FlagLevel.Alarm, env.Name,
                    $"the last sync of {env.Application} ended {argo.OperationPhase}: {argo.OperationMessage ?? "no message"} — argocd app get {env.Application}"));
            if (GitAheadOfSync(env, argo, running) is { } ahead) flags.Add(ahead);
            if (argo.Sync == "Synced" && !running && env.Live is { } live && env.SyncedPin is { } synced && RolloutGaps(synced, live) is { Count: > 0 } gaps)
                flags.Add(new(StatusFlagCodes.RolloutIncomplete, FlagLevel.Warning, env.Name,
                    $"Synced at {Short(argo.Revision)}, but {string.Join("; ", gaps)} — kubectl -n {env.Namespace} get pods shows why"));
        }
        if (RunningVersion(env) is { } runningVersion && Rejected(ledger, runningVersion) is { } runningRejection)
            flags.Add(new(StatusFlagCodes.RejectedRunning, FlagLevel.Alarm, env.Name,
                $"runs {runningVersion.ImageTag}, which the ledger rejects ({Describe(runningRejection)})" +
                (ReleaseVersion.TryParse(env.Desired.Tag, out var pinned, out _) && pinned != runningVersion
                    ? $" — git pins {env.Desired.Tag}: sync {env.Application} (./build.sh Rollback continues it)"
                    : " — ./build.sh Rollback")));
        if (ReleaseVersion.TryParse(env.Desired.Tag, out var desired, out _) && Rejected(ledger, desired!) is { } pinnedRejection)
            flags.Add(new(StatusFlagCodes.RejectedPinned, FlagLevel.Alarm, env.Name,
                $"{env.Desired.ValuesFile} pins {env.Desired.Tag}, which the ledger rejects ({Describe(pinnedRejection)}) — " +
                "roll back, or promote it again with --force --reason"));
        return flags;
    }

    /// <summary>Staging against production (the policy's parity pair): how far behind production pins, and what must not differ.</summary>
    /// <remarks><paramref name="gitParity"/>: the two rendered from git and compared by the gate's parity check (null when it could
    /// not be; the report says why) — its forbidden differences are drift even before anything runs.</remarks>
    public static IReadOnlyList<StatusFlag> Across(IReadOnlyList<EnvironmentStatus> environments, EnvironmentPolicy policy,
        IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> ledgers, GitParity? gitParity = null)
    {
        var flags = new List<StatusFlag>();
        if (policy.Parity.Compare is not [var stagingName, var productionName]) return flags;
        var staging = environments.FirstOrDefault(e => e.Name == stagingName);
        var production = environments.FirstOrDefault(e => e.Name == productionName);
        if (staging is null || production is null) return flags;

        if (ReleaseVersion.TryParse(staging.Desired.Tag, out var stagingVersion, out _) && ReleaseVersion.TryParse(production.Desired.Tag, out var productionVersion, out _)
            && productionVersion!.CompareTo(stagingVersion) < 0)
        {
            var (ahead, behind) = (stagingVersion!, productionVersion);
            var releases = ledgers.GetValueOrDefault(stagingName, []).Select(e => ReleaseVersion.TryParse(e.Version, out var v, out _) ? v : null).OfType<ReleaseVersion>()
                .Where(v => v.CompareTo(behind) > 0 && v.CompareTo(ahead) <= 0).Distinct().Count();
            var count = Math.Max(1, releases);
            var next = Rejected(ledgers.GetValueOrDefault(productionName, []), ahead) is { } rejection
                ? $"{productionName}'s ledger rejects {ahead.ImageTag} ({Describe(rejection)}): release a fix, or Promote --force --reason"
                : $"./build.sh Promote --version {ahead.GitTag}";
            flags.Add(new(StatusFlagCodes.BehindStaging, FlagLevel.Info, productionName,
                $"{productionName} pins {behind.ImageTag}, {stagingName} {ahead.ImageTag}: {count} release{(count == 1 ? "" : "s")} behind — {next}"));
        }

        var drift = new List<string>();
        if (staging.Live?.Version is { } left && production.Live?.Version is { } right && left.Topology != right.Topology)
            drift.Add($"{stagingName} runs {left.Topology}, {productionName} {right.Topology}");
        if (staging.Live is { } stagingLive && production.Live is { } productionLive && stagingLive.DesiredPods != productionLive.DesiredPods)
            drift.Add($"{stagingName} wants {stagingLive.DesiredPods} pods, {productionName} {productionLive.DesiredPods}");
        if (staging.Desired.Tag == production.Desired.Tag && staging.Desired.Digest is { } a && production.Desired.Digest is { } b && a != b)
            drift.Add($"both pin {staging.Desired.Tag} but with different digests ({ImagePin.ShortDigest(a)}, {ImagePin.ShortDigest(b)})");
        if (gitParity is { Holds: false } parity)
            drift.Add($"rendered from git, {parity.Detail}: {string.Join("; ", parity.Forbidden.Take(MaxRenderedDifferences))}" +
                (parity.Forbidden.Count > MaxRenderedDifferences ? $"; and {parity.Forbidden.Count - MaxRenderedDifferences} more (./build.sh ValidationGate lists them)" : ""));
        if (drift.Count > 0)
            flags.Add(new(StatusFlagCodes.ParityDrift, FlagLevel.Warning, null,
                $"{stagingName} and {productionName} differ beyond the parity policy ({EnvironmentPolicy.RelativePath} parity): {string.Join("; ", drift)}"));
        return flags;
    }

    /// <summary>A flag is one line: this many rendered differences are quoted, the rest counted.</summary>
    private const int MaxRenderedDifferences = 3;

    /// <summary>
    /// Git ahead of what Argo CD synced: Argo CD says OutOfSync, or the pin at its synced revision is not git's. A manual-sync environment
    /// waits for its sync — information, with the command that runs it. An auto-synced one is a warning when Argo CD says OutOfSync and runs
    /// nothing (auto-sync should have acted), information while a sync runs or before Argo CD's next poll of the repository.
    /// </summary>
    private static StatusFlag? GitAheadOfSync(EnvironmentStatus env, ArgoView argo, bool running)
    {
        var pinMoved = env.SyncedPin is { } synced && synced != env.Desired.Pin;
        if (argo.Sync != "OutOfSync" && !pinMoved) return null;
        var what = pinMoved
            ? $"git pins {env.Desired.Pin}, the synced revision {Short(argo.Revision)} pinned {env.SyncedPin}"
            : $"a change on the default branch other than the image waits (the pin {env.Desired.Pin} is what {Short(argo.Revision)} pinned)";
        if (!env.AutomatedSync)
            return new(StatusFlagCodes.AwaitingManualSync, FlagLevel.Info, env.Name,
                $"{what}; {env.Application} waits for its manual sync (policy: manual) — " +
                $"./build.sh Promote --version v{env.Desired.Tag} syncs it once its pull request is merged");
        var stuck = argo.Sync == "OutOfSync" && !running;
        return new(StatusFlagCodes.GitNotSynced, stuck ? FlagLevel.Warning : FlagLevel.Info, env.Name, stuck
            ? $"{what}; {env.Application} is OutOfSync with no sync running although it auto-syncs — argocd app diff {env.Application} shows what differs"
            : $"{what}; {(running ? "a sync is running" : "Argo CD's auto-sync picks it up at its next poll of the repository (3 min by default)")}");
    }

    /// <summary>What Synced pods should be and are not: fewer Ready than desired, another image, /version disagreeing.</summary>
    private static List<string> RolloutGaps(ImagePin synced, LiveView live)
    {
        var gaps = new List<string>();
        if (live.ReadyPods < live.DesiredPods) gaps.Add($"{live.ReadyPods} of {live.DesiredPods} pods Ready");
        var otherTags = live.Images.Select(i => i.Tag).OfType<string>().Where(t => t != synced.Tag).Distinct().ToList();
        if (otherTags.Count > 0) gaps.Add($"pods run {string.Join(", ", otherTags)} where it synced {synced.Tag}");
        if (synced.Digest is { } digest && live.Digests.Where(d => d != digest).ToList() is { Count: > 0 } others)
            gaps.Add($"pods run {string.Join(", ", others.Select(ImagePin.ShortDigest))} where it synced {ImagePin.ShortDigest(digest)}");
        if (live.Version is { } answer && answer.Version != synced.Tag) gaps.Add($"/version answers {answer.Version} where it synced {synced.Tag}");
        return gaps;
    }

    /// <summary>What the pods run: /version's answer, else the one tag every Ready pod's image carries.</summary>
    private static ReleaseVersion? RunningVersion(EnvironmentStatus env)
    {
        if (env.Live is not { } live) return null;
        var text = live.Version?.Version ?? (live.Images.Select(i => i.Tag).Distinct().ToList() is [var only] ? only : null);
        return ReleaseVersion.TryParse(text, out var version, out _) ? version : null;
    }

    private static string Short(string? revision) => revision is { Length: >= 7 } r ? r[..7] : revision ?? "—";

    private static LedgerEntry? Rejected(IReadOnlyList<LedgerEntry> ledger, ReleaseVersion version) => RejectedVersions.Rejecting(ledger, version);

    private static string Describe(LedgerEntry rollback) =>
        $"rolled back on {rollback.When.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {rollback.Who}" +
        (rollback.Record?.Reason is { } reason ? $": \"{reason}\"" : "");
}
