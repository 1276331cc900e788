using LogForge.Delivery.Cluster;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Promotion;
using LogForge.Testing.Registry;
using LogForge.Delivery.Versions;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Promotion;

/// <summary>
/// Promote and Rollback end to end with a cluster: the fake API server (Argo CD's Applications, the manual sync), each
/// environment's pods played by a real LogForge rendered at the revision Argo CD runs, smoke tests over the native
/// port-forward, a real origin and the fake GitHub.
/// </summary>
public sealed class PromoteClusterTests(HelmFixture helm, ServiceBinaryFixture binary)
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
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private string Application(string env, params string[] path)
    {
        System.Text.Json.Nodes.JsonNode? node = _cluster.Kube.Get("applications.argoproj.io", "argocd", $"logforge-{env}");
        foreach (var key in path) node = int.TryParse(key, out var index) ? node?[index] : node?[key];
        return node?.ToString() ?? "(none)";
    }

    [Fact]
    public async Task A_promotion_end_to_end_gate_pull_request_merge_manual_sync_verified_then_already_done()
    {
        var opened = await _s.RunAsync();

        Assert.Equal(PromotionResult.AwaitingMerge, opened.Result);
        var body = Assert.Single(_s.Repository.PullRequests).Body;
        Assert.Contains("Argo CD Application `logforge-staging`: **Synced**, **Healthy** at revision `", body);
        Assert.Contains("staging's values there carry `0.2.0`", body);
        Assert.Contains("| GET /version | ✅ Passed |", body);
        Assert.Contains("| POST /logs, NDJSON batch of 10 | ✅ Passed |", body);
        Assert.Equal("OutOfSync", Application("production", "status", "sync", "status")); // merging alone changes nothing in production

        var merge = await _s.MergeAsync(1);
        _cluster.Kube.Requests.Reset();
        var synced = await _s.RunAsync();

        Assert.Equal(PromotionResult.Synced, synced.Result);
        Assert.StartsWith($"promoted production to 0.2.0: synced {merge[..12]} (pull request #1 (merge commit {merge[..12]})) in ", synced.Summary);
        Assert.EndsWith($"Synced and Healthy, /version 0.2.0, every pod on {PromotionOrigin.DigestOf("0.2.0")[..19]}", synced.Summary);
        Assert.Equal(merge, Application("production", "status", "operationState", "syncResult", "revision"));
        Assert.Equal("logforge-run", Application("production", "status", "operationState", "operation", "info", "0", "name"));
        Assert.Equal("false", Application("production", "status", "operationState", "operation", "initiatedBy", "automated"));
        Assert.Single(_cluster.Kube.Requests.All, r => r.Method == "PATCH" && r.Path.Contains("/applications/logforge-production", StringComparison.Ordinal));
        Assert.True(synced.ProductionSmoke!.Passed);
        Assert.Contains("0.2.0 (requested)", synced.ProductionSmoke.Checks.Single(c => c.Name == "GET /version").Detail);

        _cluster.Kube.Requests.Reset();
        var again = await _s.RunAsync();

        Assert.Equal(PromotionResult.AlreadyDone, again.Result);
        Assert.StartsWith("production already runs 0.2.0: promoted and verified (Synced, Healthy at", again.Summary);
        Assert.Equal(0, _cluster.Kube.Requests.Writes);
        Assert.Single(_s.Repository.PullRequests);
        await _s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task One_digest_goes_from_release_s_input_to_production_s_pods_checked_in_staging_in_the_registry_and_in_the_pull_request()
    {
        await using var registry = await DistributionRegistry.StartAsync();
        var digest = await registry.PushAsync("logforge-dev/logforge", "0.3.0", "LogForge 0.3.0"); // what release.yml's build-push gives
        await _s.Origin.TagAsync("v0.3.0");
        var released = await _s.ReleaseAsync("v0.3.0", digest);
        var release = await _s.MergeAsync(released.PullRequest!.Number);
        await _cluster.SyncStagingAsync(release); // Argo CD's auto-sync of staging
        _s.UseRegistry(registry);

        var opened = await _s.RunAsync(version: "v0.3.0");
        var body = _s.Repository.PullRequests.Single(p => p.Number == opened.PullRequest!.Number).Body;
        Assert.Matches($@"\| staging pods run the digest \| ✅ Passed \| \d+ containers of \d+ Ready pods run {digest} \|", body);
        Assert.Contains($"| registry maps the tag to the digest | ✅ Passed |", body);
        Assert.Contains($"| pull request pins the digest | ✅ Passed | deploy/env/production/values.yaml pins 0.3.0@{digest} |", body);
        await _s.MergeAsync(opened.PullRequest!.Number);
        var synced = await _s.RunAsync(version: "v0.3.0");

        Assert.EndsWith($"/version 0.3.0, every pod on {digest[..19]}", synced.Summary);
        var production = _cluster.Kube.List("Pod", "production").Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        Assert.NotEmpty(production);
        Assert.All(production.SelectMany(p => p["status"]!["containerStatuses"]!.AsArray()),
            status => Assert.EndsWith($"@{digest}", status!["imageID"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_staging_pod_on_another_digest_is_refused_before_any_change()
    {
        var pod = _cluster.Kube.List("Pod", "staging").First(p => p["status"]?["containerStatuses"] is not null);
        var other = "sha256:" + new string('e', 64);
        _cluster.Kube.Update("Pod", "staging", pod["metadata"]!["name"]!.GetValue<string>(), p =>
            p["status"]!["containerStatuses"]![0]!["imageID"] = $"ghcr.io/logforge-dev/logforge@{other}");

        var failure = await _s.FailAsync(_s.Request());

        Assert.Contains("validation checks failed with production at 0.2.0 (staging pods run the digest); nothing was pushed", failure.Message);
        var report = await File.ReadAllTextAsync(Path.Combine(_s.Checkout, "artifacts", "validation-report.md"));
        Assert.Contains($"runs {other[..19]}, not {PromotionOrigin.DigestOf("0.2.0")[..19]}", report);
        Assert.Null(await _s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));
        Assert.Empty(_s.Repository.PullRequests);
    }

    [Fact]
    public async Task The_rollback_drill_after_a_promotion_reverts_version()
    {
        await _s.RunAsync();
        await _s.MergeAsync(1);
        await _s.RunAsync();

        var opened = await _s.RunAsync(_s.Request(PromotionKind.Rollback, version: null) with { Reason = "drill" });
        Assert.Equal("Roll back production to v0.1.0: drill", opened.Title);
        var merge = await _s.MergeAsync(opened.PullRequest!.Number);
        var reverted = await _s.RunAsync(_s.Request(PromotionKind.Rollback, version: null));

        Assert.Equal(PromotionResult.Synced, reverted.Result);
        Assert.StartsWith($"rolled back production to 0.1.0: synced {merge[..12]}", reverted.Summary);
        Assert.EndsWith($"every pod on {PromotionOrigin.DigestOf("0.1.0")[..19]}", reverted.Summary); // the digest 0.1.0 ran with before
        Assert.Contains("0.1.0 (requested)", reverted.ProductionSmoke!.Checks.Single(c => c.Name == "GET /version").Detail);
    }

    [Fact]
    public async Task Degraded_staging_is_refused_before_any_change()
    {
        _cluster.Kube.Update("applications.argoproj.io", "argocd", "logforge-staging", app => app["status"]!["health"]!["status"] = "Degraded");

        var failure = await _s.FailAsync(_s.Request());

        Assert.Matches(@"^staging: logforge-staging is Synced, Degraded \(revision [0-9a-f]{12}\) — wait for Argo CD to sync staging \(or fix it\), then promote$", failure.Message);
        Assert.Empty(_s.Repository.PullRequests);
        Assert.Null(await _s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));
    }

    [Fact]
    public async Task Staging_synced_at_a_revision_without_the_version_is_refused()
    {
        var older = (await _s.Origin.Bare.OutputAsync(["rev-parse", "main~1"], default)).Trim();
        _cluster.Kube.Update("applications.argoproj.io", "argocd", "logforge-staging", app => app["status"]!["sync"]!["revision"] = older);

        var failure = await _s.FailAsync(_s.Request());

        Assert.Equal($"staging: logforge-staging runs revision {older[..12]}, whose deploy/env/staging/values.yaml carries 0.1.0, not 0.2.0 — wait for Argo CD to sync staging to the release, then promote", failure.Message);
    }

    [Fact]
    public async Task A_failing_staging_smoke_test_is_refused_with_its_rows()
    {
        await _cluster.DeployAsync("staging", (await _s.Origin.Bare.OutputAsync(["rev-parse", "main~1"], default)).Trim()); // staging's pods still run 0.1.0

        var failure = await _s.FailAsync(_s.Request());

        Assert.Equal("staging: staging's smoke test failed (GET /version) — see the table above or artifacts/smoke-staging.md; fix staging, then promote", failure.Message);
        Assert.Contains("version: expected 0.2.0 (requested), got 0.1.0", File.ReadAllText(Path.Combine(_s.Checkout, "artifacts/smoke-staging.md")));
        Assert.Empty(_s.Repository.PullRequests);
    }

    [Fact]
    public async Task A_failed_sync_is_reported_with_the_resource_that_did_not_sync_and_no_second_operation_starts()
    {
        await _s.RunAsync();
        await _s.MergeAsync(1);
        _cluster.NextSync = ProductionSyncEnd.Fails;

        var failure = await _s.FailAsync(_s.Request());

        Assert.StartsWith("cluster: logforge-production: sync Failed: one or more objects failed to apply", failure.Message);
        Assert.Contains("not synced: Deployment/logforge: SyncFailed spec.template.spec.containers[0].image: Required value", failure.Message);
        Assert.Single(_cluster.Kube.Requests.All, r => r.Method == "PATCH" && r.Path.Contains("/applications/logforge-production", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Degraded_health_after_the_sync_is_reported()
    {
        await _s.RunAsync();
        await _s.MergeAsync(1);
        _cluster.NextSync = ProductionSyncEnd.Degrades;

        var failure = await _s.FailAsync(_s.Request());

        Assert.StartsWith("cluster: logforge-production: synced, but health is Degraded: Deployment \"logforge\" exceeded its progress deadline", failure.Message);
    }

    [Fact]
    public async Task A_sync_that_never_ends_times_out_naming_its_phase_and_the_rerun_waits_for_it()
    {
        await _s.RunAsync();
        await _s.MergeAsync(1);
        _cluster.NextSync = ProductionSyncEnd.NeverEnds;
        var clock = new TestClock();
        _world.UseCluster(syncClock: clock);

        var running = _s.LineAsync("logforge-production: operation Running");
        var failing = _s.FailAsync(_s.Request() with { WaitTimeout = TimeSpan.FromSeconds(2) });
        await running;
        clock.Advance(TimeSpan.FromSeconds(2));
        var failure = await failing;

        Assert.StartsWith("cluster: logforge-production did not finish syncing within 2s: stuck with operation Running", failure.Message);
        Assert.Contains("raise --wait-timeout", failure.Message);
    }

    [Fact]
    public async Task Wait_for_merge_polls_until_the_merge_then_syncs_in_the_same_run()
    {
        var clock = new TestClock();
        _s.Time = clock;
        var waiting = _s.LineAsync("Waiting for pull request #1 to be merged (0s of 20s)");
        var running = _s.RunAsync(_s.Request() with { WaitForMerge = true });
        await waiting;
        await clock.WaitingAsync();
        Assert.False(running.IsCompleted);

        var merge = await _s.MergeAsync(Assert.Single(_s.Repository.PullRequests).Number);
        clock.Advance(MergeWait.PollInterval);
        var outcome = await running;

        Assert.Equal(PromotionResult.Synced, outcome.Result);
        Assert.Equal(merge, Application("production", "status", "operationState", "syncResult", "revision"));
        Assert.Contains(_s.Log.Messages, m => m.StartsWith("Waiting for pull request #1 to be merged", StringComparison.Ordinal));
    }
}
