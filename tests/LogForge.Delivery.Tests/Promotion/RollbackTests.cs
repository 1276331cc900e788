using LogForge.Delivery.Promotion;
using LogForge.Delivery.Tests.Support;

using LogForge.Testing.Promotion;

namespace LogForge.Delivery.Tests.Promotion;

/// <summary>Rollback's version from production's real git history, its refusals, and its pull request.</summary>
public sealed class RollbackTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    [Fact]
    public async Task Without_a_version_it_rolls_back_to_the_tag_production_had_before_the_current_one()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        var request = s.Request(PromotionKind.Rollback, version: null) with { Reason = "0.1.0 drops events under load" };

        var outcome = await s.RunAsync(request);

        Assert.Equal(PromotionResult.AwaitingMerge, outcome.Result);
        var pr = Assert.Single(s.Repository.PullRequests);
        Assert.Equal(("rollback/production-v0.0.9", "Roll back production to v0.0.9: 0.1.0 drops events under load"), (pr.Head, pr.Title));
        var branch = (await s.Origin.ResolveAsync("refs/heads/rollback/production-v0.0.9"))!;
        Assert.Equal([PromotionScenario.Production], await s.Origin.ChangedFilesAsync(branch));
        var (from, to) = (PromotionOrigin.DigestOf("0.1.0"), PromotionOrigin.DigestOf("0.0.9"));
        Assert.Contains($"`image` `0.1.0@{from[..19]}` → `0.0.9@{to[..19]}`", pr.Body);
        Assert.Contains($"digest: \"{to}\"", await s.Origin.ShowAsync(branch, PromotionScenario.Production));
        Assert.Contains("| Production history | `0.1.0` ← `0.0.9` ← `0.0.8` ← `0.1.0` (newest first, from `main`) |", pr.Body);
        Assert.DoesNotContain("Staging, the evidence", pr.Body);
        Assert.Contains("./build.sh Rollback --version v0.0.9", outcome.Summary);
    }

    [Fact]
    public async Task A_version_production_never_ran_is_refused_unless_forced()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);

        var failure = await s.FailAsync(s.Request(PromotionKind.Rollback, "v0.0.5"));
        Assert.Equal("version: v0.0.5 was never in production (the history of deploy/env/production/values.yaml: 0.1.0, 0.0.9, 0.0.8) — pass a version production ran, or --force to roll back to it anyway", failure.Message);
        Assert.Empty(s.Repository.PullRequests);

        var forced = await s.RunAsync(s.Request(PromotionKind.Rollback, "v0.0.5") with { Force = true });
        Assert.Equal(PromotionResult.AwaitingMerge, forced.Result);
        Assert.Equal("rollback/production-v0.0.5", Assert.Single(s.Repository.PullRequests).Head);
    }
}
