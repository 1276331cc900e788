using LogForge.Delivery.Environments;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Status;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Tests.Status;

/// <summary>Each flag from the states that raise it, and the neighbouring states that must not (the lifecycle tests cover the usual path).</summary>
public sealed class StatusFlagsTests
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static EnvironmentStatus Env(string name = "production", bool automated = false, string tag = "0.2.0", string? digest = null,
        string sync = "Synced", string? phase = "Succeeded", string? syncedTag = null, int ready = 2, int desired = 2, string? running = null,
        string topology = "minio")
    {
        var pin = new DesiredState($"deploy/env/{name}/values.yaml", tag, digest ?? DigestA, null);
        var synced = new ImagePin(syncedTag ?? tag, syncedTag is null ? pin.Digest : DigestB);
        var runs = running ?? synced.Tag;
        var live = new LiveView(ready, desired,
            [new LiveImage($"ghcr.io/o/logforge:{runs}@{(runs == tag ? pin.Digest : DigestB)}", $"ghcr.io/o/logforge@{(runs == tag ? pin.Digest : DigestB)}", ready)],
            new VersionAnswer(runs, 2, topology, true, name), null);
        return new EnvironmentStatus(name, name, $"logforge-{name}", automated, pin,
            new ArgoView(sync, "Healthy", "0123456789abcdef", automated, phase, phase == "Failed" ? "one or more objects failed to apply" : null, "alice", Monday),
            synced, live, null, []);
    }

    private static string[] Codes(EnvironmentStatus env, IReadOnlyList<LedgerEntry>? ledger = null) =>
        StatusFlags.For(env, ledger ?? []).Select(f => f.Code).ToArray();

    private static LedgerEntry Rollback(string from, string to) =>
        new("c0ffee", Monday, "alice", $"v{to}", 7, new LedgerRecord($"v{to}") { RejectedVersion = $"v{from}", Reason = "drops events" });

    private static LedgerEntry Promotion(string version, bool forced = false) =>
        new("beef", Monday.AddHours(1), "bob", $"v{version}", 8, new LedgerRecord($"v{version}") { Forced = forced });

    [Fact]
    public void Git_and_Argo_CD_and_the_pods_in_agreement_raise_nothing() => Assert.Empty(Codes(Env()));

    [Fact]
    public void A_manual_environment_ahead_of_its_sync_is_information_and_an_auto_synced_one_out_of_sync_with_nothing_running_a_warning()
    {
        var manual = StatusFlags.For(Env(sync: "OutOfSync", syncedTag: "0.1.0"), []);
        Assert.Equal((StatusFlagCodes.AwaitingManualSync, FlagLevel.Info), (manual.Single().Code, manual.Single().Level));

        var stuck = StatusFlags.For(Env("staging", automated: true, sync: "OutOfSync", syncedTag: "0.1.0"), []);
        Assert.Equal((StatusFlagCodes.GitNotSynced, FlagLevel.Warning), (stuck.Single().Code, stuck.Single().Level));

        var syncing = StatusFlags.For(Env("staging", automated: true, sync: "OutOfSync", phase: "Running", syncedTag: "0.1.0"), []);
        Assert.Equal((StatusFlagCodes.GitNotSynced, FlagLevel.Info), (syncing.Single().Code, syncing.Single().Level));
        Assert.EndsWith("a sync is running", syncing.Single().Message);
    }

    [Fact]
    public void Synced_pods_that_are_not_what_was_synced_are_a_rollout_incomplete()
    {
        var env = Env(ready: 1, desired: 2, running: "0.1.0");
        var flag = StatusFlags.For(env, []).Single();

        Assert.Equal((StatusFlagCodes.RolloutIncomplete, FlagLevel.Warning), (flag.Code, flag.Level));
        Assert.Equal("Synced at 0123456, but 1 of 2 pods Ready; pods run 0.1.0 where it synced 0.2.0; pods run sha256:bbbbbbbbbbbb where it synced " +
            "sha256:aaaaaaaaaaaa; /version answers 0.1.0 where it synced 0.2.0 — kubectl -n production get pods shows why", flag.Message);
        Assert.Empty(Codes(Env(ready: 1, desired: 2, phase: "Running"))); // a sync under way is not a stuck rollout
    }

    [Fact]
    public void A_failed_sync_is_an_alarm_naming_Argo_CD_s_message()
    {
        var flag = StatusFlags.For(Env(phase: "Failed"), []).Single(f => f.Code == StatusFlagCodes.SyncFailed);
        Assert.Equal(FlagLevel.Alarm, flag.Level);
        Assert.Equal("the last sync of logforge-production ended Failed: one or more objects failed to apply — argocd app get logforge-production", flag.Message);
    }

    [Fact]
    public void A_rejected_version_running_or_pinned_is_an_alarm_until_a_ledger_record_promotes_it_again()
    {
        var rejected = new[] { Rollback(from: "0.2.0", to: "0.1.0") };
        Assert.Equal([StatusFlagCodes.RejectedRunning, StatusFlagCodes.RejectedPinned], Codes(Env(), rejected));
        Assert.Equal([StatusFlagCodes.RejectedRunning], Codes(Env(tag: "0.1.0", sync: "OutOfSync", syncedTag: "0.2.0"), rejected).Where(c => c.StartsWith("rejected")));
        Assert.Empty(Codes(Env(), [Promotion("0.2.0", forced: true), .. rejected])); // forced back: the newer record decides
        Assert.Empty(Codes(Env(tag: "0.1.0"), rejected));
    }

    [Fact]
    public void Production_behind_staging_counts_staging_s_releases_in_between_and_says_when_the_next_one_is_rejected()
    {
        var policy = new EnvironmentPolicy { Parity = new ParityPolicy { Compare = ["staging", "production"] } };
        var staging = Env("staging", automated: true, tag: "0.4.0");
        var production = Env(tag: "0.1.0");
        var stagingLedger = new[] { "v0.4.0", "v0.3.0", "v0.2.0", "v0.1.0" }
            .Select(v => new LedgerEntry("c", Monday, "ci", v, null, null)).ToList();
        var ledgers = new Dictionary<string, IReadOnlyList<LedgerEntry>> { ["staging"] = stagingLedger };

        var behind = StatusFlags.Across([staging, production], policy, ledgers).Single();
        Assert.Equal("production pins 0.1.0, staging 0.4.0: 3 releases behind — ./build.sh Promote --version v0.4.0", behind.Message);

        ledgers["production"] = [Rollback(from: "0.4.0", to: "0.1.0")];
        Assert.Contains("production's ledger rejects 0.4.0", StatusFlags.Across([staging, production], policy, ledgers).Single().Message);
        Assert.Empty(StatusFlags.Across([staging, Env(tag: "0.4.0")], policy, ledgers));
    }

    [Fact]
    public void Staging_and_production_running_another_topology_or_size_or_digest_for_one_tag_is_parity_drift()
    {
        var policy = new EnvironmentPolicy { Parity = new ParityPolicy { Compare = ["staging", "production"] } };
        var ledgers = new Dictionary<string, IReadOnlyList<LedgerEntry>>();
        Assert.Empty(StatusFlags.Across([Env("staging", automated: true), Env()], policy, ledgers));

        var drift = StatusFlags.Across([Env("staging", automated: true, desired: 3, topology: "file"), Env(digest: DigestB)], policy, ledgers).Single();
        Assert.Equal((StatusFlagCodes.ParityDrift, FlagLevel.Warning), (drift.Code, drift.Level));
        Assert.Equal("staging and production differ beyond the parity policy (deploy/env/policy.yaml parity): staging runs pipeline 2, file, Kafka on, " +
            "production pipeline 2, minio, Kafka on; staging wants 3 pods, production 2; both pin 0.2.0 but with different digests " +
            "(sha256:aaaaaaaaaaaa, sha256:bbbbbbbbbbbb)", drift.Message);
    }

    [Fact]
    public void What_git_s_renders_differ_in_beyond_the_policy_is_parity_drift_quoting_three_differences_and_counting_the_rest()
    {
        var policy = new EnvironmentPolicy { Parity = new ParityPolicy { Compare = ["staging", "production"] } };
        var ledgers = new Dictionary<string, IReadOnlyList<LedgerEntry>>();
        IReadOnlyList<EnvironmentStatus> same = [Env("staging", automated: true), Env()];
        Assert.Empty(StatusFlags.Across(same, policy, ledgers, new GitParity("staging", "production", [], "3 allowed differences (namespace: 3)")));

        string[] forbidden = ["Deployment/logforge  spec.replicas  staging=2  production=3", "ConfigMap/logforge  data.LOGFORGE_PIPELINE_VERSION  staging=2  production=1",
            "PodDisruptionBudget/logforge  (document)  staging=present  production=missing", "Service/logforge  spec.type  staging=ClusterIP  production=NodePort"];
        var drift = StatusFlags.Across(same, policy, ledgers, new GitParity("staging", "production", forbidden, "4 differences the policy does not allow")).Single();
        Assert.Equal((StatusFlagCodes.ParityDrift, FlagLevel.Warning, null), (drift.Code, drift.Level, drift.Environment));
        Assert.Equal("staging and production differ beyond the parity policy (deploy/env/policy.yaml parity): rendered from git, 4 differences the policy " +
            $"does not allow: {forbidden[0]}; {forbidden[1]}; {forbidden[2]}; and 1 more (./build.sh ValidationGate lists them)", drift.Message);
    }
}
