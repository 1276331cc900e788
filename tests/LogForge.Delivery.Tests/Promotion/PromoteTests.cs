using LogForge.Delivery.Promotion;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Versions;
using LogForge.Testing.Promotion;
using LogForge.Testing.Registry;

namespace LogForge.Delivery.Tests.Promotion;

/// <summary>Promote's gate and pull request against a real bare origin and the fake GitHub (no cluster: its checks are in PromoteClusterTests).</summary>
public sealed class PromoteTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    [Fact]
    public async Task Opens_one_pull_request_that_changes_only_production()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        var main = await s.Origin.ResolveAsync("refs/heads/main");

        var outcome = await s.RunAsync();

        Assert.Equal(PromotionResult.AwaitingMerge, outcome.Result);
        var pr = Assert.Single(s.Repository.PullRequests);
        Assert.Equal(("promote/production-v0.2.0", "main", "Promote v0.2.0 to production"), (pr.Head, pr.Base, pr.Title));
        var branch = (await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"))!;
        Assert.Equal([PromotionScenario.Production], await s.Origin.ChangedFilesAsync(branch));
        Assert.Equal(main, await s.Origin.Bare.OutputAsync(["rev-parse", branch + "^1"], default));
        Assert.Equal("promote: v0.2.0 to production", await s.Origin.Bare.OutputAsync(["log", "-1", "--format=%s", branch], default));
        var (before, after) = (PromotionOrigin.DigestOf("0.1.0"), PromotionOrigin.DigestOf("0.2.0"));
        Assert.Equal(
            (await s.Origin.ShowAsync("main", PromotionScenario.Production))!.Replace("tag: \"0.1.0\"", "tag: \"0.2.0\"").Replace(before, after),
            await s.Origin.ShowAsync(branch, PromotionScenario.Production));

        Assert.Contains($"| Production | `deploy/env/production/values.yaml`: `image` `0.1.0@{before[..19]}` → `0.2.0@{after[..19]}` (the only change) |",
            pr.Body);
        Assert.Contains($"`ghcr.io/logforge-dev/logforge:0.2.0@{after}` (pinned by digest)", pr.Body);
        Assert.Contains($"| pull request pins the digest | ✅ Passed | deploy/env/production/values.yaml pins 0.2.0@{after} |", pr.Body);
        Assert.Contains("No cluster was configured for this run: staging's sync, health and smoke test were not verified.", pr.Body);
        Assert.Contains("| Parity staging vs production | ✅ Passed |", pr.Body);
        Assert.DoesNotContain("during a promotion window", pr.Body); // no tag or digest drift left between staging and production
        Assert.Contains("./build.sh Promote --version v0.2.0", pr.Body);
        Assert.Matches(@"^opened pull request #1 \S+ — merge PR #1, then run the same command again \(\./build\.sh Promote --version v0\.2\.0\)$", outcome.Summary);
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_rerun_before_the_merge_says_it_is_open_and_opens_no_second_pull_request()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        await s.RunAsync();
        var branch = await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0");

        var again = await s.RunAsync();

        Assert.Equal(PromotionResult.AwaitingMerge, again.Result);
        Assert.StartsWith("pull request #1 ", again.Summary);
        Assert.Contains("is open, not merged yet — merge PR #1, then run the same command again", again.Summary);
        Assert.Single(s.Repository.PullRequests);
        Assert.Equal(1, s.GitHub.Count("POST", s.PullsPath));
        Assert.Equal(branch, await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));
    }

    [Fact]
    public async Task Dry_run_runs_the_gate_and_shows_the_pull_request_without_token_or_push()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);

        var outcome = await s.RunAsync(dryRun: true, token: null);

        Assert.Equal(PromotionResult.DryRun, outcome.Result);
        Assert.Contains("-  tag: \"0.1.0\"", outcome.Diff);
        Assert.Contains("+  tag: \"0.2.0\"", outcome.Diff);
        Assert.Equal("Promote v0.2.0 to production", outcome.Title);
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));
        Assert.Empty(s.Repository.PullRequests);
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_missing_tag_is_refused_before_any_change()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);

        var failure = await s.FailAsync(s.Request(version: "v0.3.0"));

        Assert.Equal("✗ tag: git tag v0.3.0 exists neither in the checkout nor on origin — release v0.3.0 first (tag it and push the tag; release.yml opens the dev + staging pull request)", "✗ " + failure.Message);
        Assert.Empty(s.Repository.PullRequests);
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/promote/production-v0.3.0"));
    }

    [Fact]
    public async Task Staging_on_another_version_is_refused()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);

        var failure = await s.FailAsync(s.Request(version: "v0.0.9"));

        Assert.Equal("staging: staging runs 0.2.0 on main (deploy/env/staging/values.yaml), not 0.0.9 — release it first: merge the pull request of ./build.sh Release --version v0.0.9, let staging sync, then promote", failure.Message);
        Assert.Empty(s.Repository.PullRequests);
    }

    [Fact]
    public async Task Parity_drift_other_than_the_tag_is_refused_and_nothing_is_pushed()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        await s.Origin.CommitAndPushAsync("production gets more replicas", root =>
            File.WriteAllText(Path.Combine(root, PromotionScenario.Production), File.ReadAllText(Path.Combine(root, PromotionScenario.Production)).Replace("replicaCount: 2", "replicaCount: 3")));

        var failure = await s.FailAsync(s.Request());

        Assert.StartsWith("gate: ", failure.Message);
        Assert.Contains("validation checks failed with production at 0.2.0 (Parity staging vs production); nothing was pushed", failure.Message);
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));
        Assert.Empty(s.Repository.PullRequests);
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task The_registry_still_mapping_the_tag_to_staging_s_digest_passes_the_gate()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        await using var registry = await DistributionRegistry.StartAsync();
        var digest = await registry.PushAsync("logforge-dev/logforge", "0.2.0", "LogForge 0.2.0");
        await s.Origin.CommitAndPushAsync("release: v0.2.0 pinned by its digest", root =>
            ImageTagEdit.Write(Path.Combine(root, PromotionScenario.Staging), new ImagePin("0.2.0", digest), PromotionScenario.Staging));
        s.UseRegistry(registry);

        await s.RunAsync();

        var body = Assert.Single(s.Repository.PullRequests).Body;
        Assert.Contains($"| registry maps the tag to the digest | ✅ Passed | {registry.Url.GetLeftPart(UriPartial.Authority)}/logforge-dev/logforge:0.2.0 is {digest} |",
            body);
        Assert.Contains($"| pull request pins the digest | ✅ Passed | deploy/env/production/values.yaml pins 0.2.0@{digest} |", body);
        Assert.Contains("| staging pods run the digest | ⏭️ Skipped | no cluster was configured for this run |", body);
    }

    [Fact]
    public async Task A_tag_moved_in_the_registry_is_refused_naming_both_digests_and_nothing_is_pushed()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        await using var registry = await DistributionRegistry.StartAsync();
        var moved = await registry.PushAsync("logforge-dev/logforge", "0.2.0", "a rebuild pushed under the same tag");
        s.UseRegistry(registry);

        var failure = await s.FailAsync(s.Request());

        Assert.Contains("validation checks failed with production at 0.2.0 (registry maps the tag to the digest); nothing was pushed", failure.Message);
        var report = await File.ReadAllTextAsync(Path.Combine(s.Checkout, "artifacts", "validation-report.md"));
        Assert.Contains($"the tag moved: {registry.Url.GetLeftPart(UriPartial.Authority)}/logforge-dev/logforge:0.2.0 is {moved} now, but staging verified " +
            $"{PromotionOrigin.DigestOf("0.2.0")}", report);
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));
        Assert.Empty(s.Repository.PullRequests);
    }

    [Fact]
    public async Task After_the_merge_without_a_cluster_it_says_the_sync_needs_one()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        var opened = await s.RunAsync();
        var merge = await s.MergeAsync(opened.PullRequest!.Number);

        var failure = await s.FailAsync(s.Request());

        Assert.Equal($"sync: production's values carry 0.2.0 since pull request #1 (merge commit {merge[..12]}), but no cluster is configured, so the manual sync cannot run — pass --kube-context (or set KUBECONFIG) and run this again", failure.Message);
        Assert.Equal("0.2.0", await s.TagOnMainAsync(PromotionScenario.Production));
    }

    [Fact]
    public async Task A_refused_pull_request_leaves_the_pushed_branch_named_and_the_rerun_completes_it()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        s.GitHub.Fail("POST", s.PullsPath, 403, "Resource not accessible by integration");

        var failure = await s.FailAsync(s.Request());
        Assert.StartsWith("pull request: GitHub refused creating the pull request (403 Resource not accessible by integration); promote/production-v0.2.0 is pushed (", failure.Message);

        s.GitHub.ClearFailures();
        var again = await s.RunAsync();
        Assert.Equal(PromotionResult.AwaitingMerge, again.Result);
        Assert.Single(s.Repository.PullRequests);
    }
}
