using LogForge.Delivery.Cluster;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Status;
using LogForge.Delivery.Tests.Promotion;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Promotion;
using Xunit.Abstractions;

namespace LogForge.Delivery.Tests.Status;

/// <summary>
/// Status through the states the lifecycle passes: the lab as PromotionCluster seeds it (dev and staging on 0.2.0, production on 0.1.0
/// waiting), a release's pull request and its merge, a promotion window, the sync, a rollback. Real origin and fake GitHub, the fake API
/// server with Argo CD's Applications, every environment's pods played by a real LogForge; /version over the native port-forward.
/// </summary>
public sealed class StatusLifecycleTests(HelmFixture helm, ServiceBinaryFixture binary, ITestOutputHelper output)
    : IClassFixture<HelmFixture>, IClassFixture<ServiceBinaryFixture>, IAsyncLifetime
{
    private PromotionWorld _world = null!;
    private PromotionScenario _s = null!;
    private PromotionCluster _cluster = null!;
    private ClusterConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _world = await PromotionWorld.StartAsync(helm.Helm, binary.Service);
        (_s, _cluster, _connection) = (_world.Scenario, _world.Cluster, _world.Connection);
        await _cluster.SyncDevAsync((await _s.Origin.ResolveAsync("refs/heads/main"))!);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>Status as the target runs it, after a fetch (it reads origin's default branch as last fetched); the repository from origin's URL.</summary>
    private async Task<StatusReport> StatusAsync()
    {
        await _s.FetchAsync();
        var github = new GitHubAccess(_s.GitHub.ApiUrl, PromotionScenario.Token, _s.Retries);
        var report = await new StatusReader(github, _connection, null, helm.Helm, null, _s.Log.Logger).ReadAsync(_s.Checkout, repository: null, CancellationToken.None);
        Assert.Null(report.ClusterProblem);
        Assert.Null(report.PullRequestsProblem);
        return report;
    }

    /// <summary>A hand edit of production's values pushed to origin's main (Argo CD syncs nothing of it).</summary>
    private async Task EditProductionValuesOnMainAsync(string message, string from, string to)
    {
        await _s.Origin.PullSeedAsync();
        await _s.Origin.CommitAndPushAsync(message, root =>
        {
            var values = Path.Combine(root, PromotionOrigin.Production);
            File.WriteAllText(values, File.ReadAllText(values).Replace(from, to));
        });
    }

    private static string[] Codes(StatusReport report, string env) => report[env].Flags.Select(f => f.Code).Order().ToArray();

    private static string Flag(StatusReport report, string code) => report.AllFlags.Single(f => f.Code == code).Message;

    private static void AssertNoWarningOrAlarm(StatusReport report) =>
        Assert.All(report.AllFlags, f => Assert.True(f.Level == FlagLevel.Info, $"{f.Level} {f.Code}: {f.Message}"));

    /// <summary>git, Argo CD and the pods agree, and the pods answer /version with that version on that digest.</summary>
    private static void AssertRunsWhatGitPins(EnvironmentStatus env, string tag)
    {
        Assert.Equal(tag, env.Desired.Tag);
        Assert.Equal(PromotionOrigin.DigestOf(tag), env.Desired.Digest);
        Assert.Equal(("Synced", "Healthy"), (env.Argo!.Sync, env.Argo.Health));
        Assert.Equal(env.Desired.Pin, env.SyncedPin);
        Assert.Equal(tag, env.Live!.Version!.Version);
        Assert.True(env.Live.ReadyPods >= 1 && env.Live.ReadyPods == env.Live.DesiredPods, $"{env.Live.ReadyPods}/{env.Live.DesiredPods}");
        Assert.Equal([PromotionOrigin.DigestOf(tag)], env.Live.Digests);
    }

    [Fact]
    public async Task The_seeded_lab_shows_each_environment_side_by_side_and_production_one_release_behind_as_information()
    {
        var report = await StatusAsync();

        Assert.Equal(["dev", "staging", "production"], report.Environments.Select(e => e.Name));
        AssertRunsWhatGitPins(report["dev"], "0.2.0");
        AssertRunsWhatGitPins(report["staging"], "0.2.0");
        Assert.Equal("pipeline 1, file, Kafka off", report["dev"].Live!.Version!.Topology);
        Assert.Equal("pipeline 2, minio, Kafka on", report["staging"].Live!.Version!.Topology);
        var production = report["production"];
        Assert.Equal("0.1.0", production.Desired.Tag);
        Assert.Equal("0.1.0", production.Live!.Version!.Version);
        Assert.Equal("pipeline 2, minio, Kafka on", production.Live.Version.Topology);
        Assert.False(production.AutomatedSync);
        Assert.Equal(["awaiting-manual-sync", "behind-staging"], Codes(report, "production"));
        Assert.Equal("production pins 0.1.0, staging 0.2.0: 1 release behind — ./build.sh Promote --version v0.2.0", Flag(report, "behind-staging"));
        Assert.Empty(report["dev"].Flags);
        Assert.Empty(report["staging"].Flags);
        Assert.Empty(report.PullRequests!);
        AssertNoWarningOrAlarm(report);
        Assert.Equal("v0.2.0", report["staging"].Desired.SetBy!.Version);
        Assert.True(report.Parity!.Holds, string.Join("\n", report.Parity.Forbidden));
        Assert.Matches(@"^\d+ allowed differences \(.*image tag and digest during a promotion window: \d+", report.Parity.Detail);
        Assert.Contains("staging ↔ production rendered from git: parity holds (", StatusTable.Format(report));

        // The figure of docs/performance.md (Status, warm): written out, not asserted — a timed assertion would fail under load.
        for (var read = 1; read <= 5; read++)
            output.WriteLine($"warm Status read {read}: {(await StatusAsync()).Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_release_s_pull_request_is_listed_then_once_merged_and_auto_synced_production_is_two_releases_behind()
    {
        await _s.Origin.TagAsync("v0.3.0");
        var released = await _s.ReleaseAsync("v0.3.0", PromotionOrigin.DigestOf("0.3.0"));

        var open = await StatusAsync();
        var pull = Assert.Single(open.PullRequests!);
        Assert.Equal((released.PullRequest!.Number, "release/v0.3.0", released.PullRequest.Url), (pull.Number, pull.Branch, pull.Url));
        Assert.Equal("0.2.0", open["staging"].Desired.Tag); // not merged: git still pins 0.2.0

        var merge = await _s.MergeAsync(pull.Number);
        var merged = await StatusAsync();
        Assert.Equal("0.3.0", merged["staging"].Desired.Tag);
        Assert.Equal(["git-not-synced"], Codes(merged, "staging")); // Argo CD has not polled yet
        Assert.Equal(FlagLevel.Info, merged["staging"].Flags[0].Level);
        Assert.Contains("git pins 0.3.0@sha256:", merged["staging"].Flags[0].Message);

        await _cluster.SyncStagingAsync(merge);
        await _cluster.SyncDevAsync(merge);
        var synced = await StatusAsync();
        Assert.Empty(synced.PullRequests!);
        AssertRunsWhatGitPins(synced["dev"], "0.3.0");
        AssertRunsWhatGitPins(synced["staging"], "0.3.0");
        Assert.Equal("production pins 0.1.0, staging 0.3.0: 2 releases behind — ./build.sh Promote --version v0.3.0", Flag(synced, "behind-staging"));
        AssertNoWarningOrAlarm(synced);
    }

    [Fact]
    public async Task In_a_promotion_window_production_waits_for_its_manual_sync_as_information_then_after_the_sync_nothing_is_flagged()
    {
        var opened = await _s.RunAsync();
        var window = await StatusAsync();
        Assert.Equal("promote/production-v0.2.0", Assert.Single(window.PullRequests!).Branch);

        await _s.MergeAsync(opened.PullRequest!.Number);
        var merged = await StatusAsync();
        var production = merged["production"];
        Assert.Equal("0.2.0", production.Desired.Tag);
        Assert.Equal("0.1.0", production.SyncedPin!.Tag);
        Assert.Equal("0.1.0", production.Live!.Version!.Version);
        Assert.Equal(["awaiting-manual-sync"], Codes(merged, "production"));
        Assert.StartsWith("git pins 0.2.0@sha256:", Flag(merged, "awaiting-manual-sync"));
        Assert.EndsWith("logforge-production waits for its manual sync (policy: manual) — ./build.sh Promote --version v0.2.0 syncs it once its pull request is merged",
            Flag(merged, "awaiting-manual-sync"));
        AssertNoWarningOrAlarm(merged);

        await _s.RunAsync();
        var after = await StatusAsync();
        AssertRunsWhatGitPins(after["production"], "0.2.0");
        Assert.Equal("Succeeded", after["production"].Argo!.OperationPhase);
        Assert.NotEqual("automated", after["production"].Argo!.InitiatedBy);
        Assert.Empty(after.AllFlags);
        Assert.Empty(after.PullRequests!);
        Assert.Equal("v0.2.0", after["production"].Desired.SetBy!.Version);
    }

    [Fact]
    public async Task After_a_rollback_merges_the_rejected_version_is_an_alarm_while_it_runs_and_gone_once_synced()
    {
        await _s.MergeAsync((await _s.RunAsync()).PullRequest!.Number);
        await _s.RunAsync();
        var rollback = _s.Request(PromotionKind.Rollback, version: null) with { Reason = "0.2.0 drops events under load" };
        await _s.MergeAsync((await _s.RunAsync(rollback)).PullRequest!.Number);

        var window = await StatusAsync();
        Assert.Equal("0.1.0", window["production"].Desired.Tag);
        Assert.Equal("0.2.0", window["production"].Live!.Version!.Version);
        Assert.Equal(["awaiting-manual-sync", "behind-staging", "rejected-running"], Codes(window, "production"));
        var rejected = window.AllFlags.First();
        Assert.Equal(("rejected-running", FlagLevel.Alarm), (rejected.Code, rejected.Level));
        Assert.Matches(@"^runs 0\.2\.0, which the ledger rejects \(rolled back on \d{4}-\d\d-\d\d \d\d:\d\d UTC by .+: ""0\.2\.0 drops events under load""\) — " +
            @"git pins 0\.1\.0: sync logforge-production \(\./build\.sh Rollback continues it\)$", rejected.Message);

        await _s.RunAsync(rollback);
        var after = await StatusAsync();
        AssertRunsWhatGitPins(after["production"], "0.1.0");
        Assert.Equal(["behind-staging"], Codes(after, "production"));
        Assert.Contains("production's ledger rejects 0.2.0", Flag(after, "behind-staging"));
        AssertNoWarningOrAlarm(after);
    }

    [Fact]
    public async Task A_change_to_production_s_values_that_parity_forbids_is_drift_as_soon_as_it_is_on_the_default_branch()
    {
        await EditProductionValuesOnMainAsync("production: a third replica (staging keeps two)", "replicaCount: 2", "replicaCount: 3");

        var report = await StatusAsync();

        Assert.False(report.Parity!.Holds);
        var difference = Assert.Single(report.Parity.Forbidden);
        Assert.Matches(@"^Deployment/\S+  spec\.replicas  staging=2  production=3", difference);
        var drift = Assert.Single(report.Flags);
        Assert.Equal((StatusFlagCodes.ParityDrift, FlagLevel.Warning, null), (drift.Code, drift.Level, drift.Environment));
        Assert.Equal("staging and production differ beyond the parity policy (deploy/env/policy.yaml parity): " +
            $"rendered from git, 1 difference the policy does not allow: {difference}", drift.Message);
        var json = System.Text.Json.JsonDocument.Parse(StatusJson.Serialize(report)).RootElement.GetProperty("parity");
        Assert.False(json.GetProperty("holds").GetBoolean());
        Assert.Equal(difference, Assert.Single(json.GetProperty("forbidden").EnumerateArray().ToList()).GetString());
        Assert.Contains("staging ↔ production rendered from git: 1 difference the policy does not allow (the parity-drift flag names them)",
            StatusTable.Format(report));
    }

    [Fact]
    public async Task Values_that_do_not_render_say_so_in_place_of_parity_and_the_rest_is_read()
    {
        await EditProductionValuesOnMainAsync("production: file storage on pipeline 2 (the chart's schema refuses it)", "backend: minio", "backend: file");

        var report = await StatusAsync();

        Assert.Null(report.Parity);
        Assert.StartsWith($"deploy/env/production/values.yaml does not render at {report.Commit[..12]}: ", report.ParityProblem);
        Assert.EndsWith(" — ./build.sh ValidationGate shows the whole error", report.ParityProblem);
        Assert.Contains($"parity of git's renders not checked: {report.ParityProblem}", StatusTable.Format(report));
        Assert.Equal("0.1.0", report["production"].Live!.Version!.Version);
        Assert.DoesNotContain(report.AllFlags, f => f.Code == StatusFlagCodes.ParityDrift);
    }

    [Fact]
    public async Task Each_half_that_cannot_be_read_says_why_and_the_rest_is_shown()
    {
        await _s.FetchAsync();
        var noToken = new GitHubAccess(_s.GitHub.ApiUrl, token: null);
        var report = await new StatusReader(noToken, null, "no cluster configured (no kubeconfig at /nowhere/config; pass --kube-context to use one)",
            null, "no helm 3.99.0 on PATH or in .tools/ — ./build.sh Tools installs it", _s.Log.Logger).ReadAsync(_s.Checkout, repository: null, CancellationToken.None);

        Assert.All(report.Environments, e => Assert.Equal((null, null), (e.Argo, e.Live)));
        Assert.Equal("0.1.0", report["production"].Desired.Tag);
        Assert.Equal(["behind-staging"], Codes(report, "production"));
        Assert.Null(report.PullRequests);
        var table = StatusTable.Format(report);
        Assert.Contains("cluster: no cluster configured (no kubeconfig at /nowhere/config; pass --kube-context to use one) — git's half only", table);
        Assert.Contains("open pull requests: no GitHub token: pass --github-token (or set GITHUB_TOKEN) to list the open pull requests", table);
        Assert.Null(report.Parity);
        Assert.Contains("parity of git's renders not checked: no helm 3.99.0 on PATH or in .tools/ — ./build.sh Tools installs it", table);

        _cluster.Kube.Delete("applications.argoproj.io", "argocd", "logforge-dev");
        var github = new GitHubAccess(_s.GitHub.ApiUrl, PromotionScenario.Token, _s.Retries);
        var partial = await new StatusReader(github, _connection, null, helm.Helm, null, _s.Log.Logger).ReadAsync(_s.Checkout, repository: null, CancellationToken.None);
        Assert.Equal("no Argo CD Application argocd/logforge-dev (./build.sh ApplyArgo creates it)", partial["dev"].ClusterProblem);
        Assert.Equal("0.2.0", partial["dev"].Live!.Version!.Version); // the pods are read all the same
        Assert.Equal(("Synced", "Healthy"), (partial["staging"].Argo!.Sync, partial["staging"].Argo!.Health));
    }
}
