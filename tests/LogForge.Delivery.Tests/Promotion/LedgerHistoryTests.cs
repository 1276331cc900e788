using LogForge.Delivery.Ledger;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Tests.Support;
using Octokit;

namespace LogForge.Delivery.Tests.Promotion;

/// <summary>The ledger survives each GitHub merge method: promote, merge, roll back, merge — History shows both with their evidence;
/// the rolled-back version stays rejected until a forced promotion.</summary>
public sealed class LedgerHistoryTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    private const string Reason = "drops events\nunder load";

    [Theory]
    [InlineData(PullRequestMergeMethod.Merge)]
    [InlineData(PullRequestMergeMethod.Squash)]
    [InlineData(PullRequestMergeMethod.Rebase)]
    public async Task History_shows_the_promotion_and_the_rollback_with_their_evidence_after_each_merge_method(PullRequestMergeMethod method)
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        var promotion = (await s.RunAsync()).PullRequest!;
        await s.MergeAsync(promotion.Number, method);
        var rollback = (await s.RunAsync(s.Request(PromotionKind.Rollback, "v0.1.0") with { Reason = Reason })).PullRequest!;
        await s.MergeAsync(rollback.Number, method);
        await s.FetchAsync();

        var view = await LedgerHistory.ReadAsync(s.Checkout, "production", 20, default);

        Assert.StartsWith("origin/main (origin's default branch as last fetched", view.Source);
        var (back, promoted) = (view.Entries[0], view.Entries[1]);
        int? Number(int n) => method == PullRequestMergeMethod.Rebase ? null : n; // a rebase merge adds no number to the replayed commit
        Assert.Equal((LedgerEntryKind.Rollback, "v0.1.0", "v0.2.0", "drops events under load", Number(rollback.Number)),
            (back.Kind, back.Version, back.Record!.RejectedVersion, back.Record.Reason, back.PullRequest));
        Assert.Equal((LedgerEntryKind.Promotion, "v0.2.0", Number(promotion.Number), "not run (no cluster configured)"),
            (promoted.Kind, promoted.Version, promoted.PullRequest, promoted.Record!.Smoke));
        Assert.Matches(@"^passed \(\d+ passed, 0 failed, \d+ skipped\)$", promoted.Record.Gate);
        Assert.All(new[] { back, promoted }, e => Assert.Equal(e.Record!.Actor, e.Who));
        // PromotionOrigin's history was written by hand: the tag changes are there, marked as carrying no record.
        Assert.Equal(["v0.1.0", "v0.0.9", "v0.0.8", "v0.1.0"], view.Entries.Skip(2).Select(e => e.Version));
        Assert.All(view.Entries.Skip(2), e => Assert.Equal(LedgerEntryKind.Unrecorded, e.Kind));
        var table = LedgerTable.Format(view);
        Assert.Contains("rollback from v0.2.0 (reason: \"drops events under load\")", table);
        Assert.Contains("no ledger record", table);
    }

    [Fact]
    public async Task A_rolled_back_version_is_refused_by_Promote_until_forced_with_a_reason_which_the_ledger_records()
    {
        await using var s = await PromotionScenario.CreateAsync(helm.Helm);
        await s.MergeAsync((await s.RunAsync()).PullRequest!.Number, PullRequestMergeMethod.Squash);
        await s.MergeAsync((await s.RunAsync(s.Request(PromotionKind.Rollback, "v0.1.0") with { Reason = Reason })).PullRequest!.Number,
            PullRequestMergeMethod.Squash);
        var rollbackCommit = await s.Origin.Bare.OutputAsync(["rev-parse", "refs/heads/main"], default);
        var (pullsBefore, branchBefore) = (s.Repository.PullRequests.Count, await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0"));

        var refused = await s.FailAsync(s.Request());

        Assert.Equal($"version: v0.2.0 was rolled back from production in {rollbackCommit[..12]} (reason: \"drops events under load\") — " +
            "promote a newer version, or pass --force --reason \"…\"", refused.Message);
        Assert.Equal(pullsBefore, s.Repository.PullRequests.Count);
        Assert.Equal(branchBefore, await s.Origin.ResolveAsync("refs/heads/promote/production-v0.2.0")); // nothing pushed

        var forced = await s.RunAsync(s.Request() with { Force = true, Reason = "the load bug was staging's config" });
        Assert.Equal(PromotionResult.AwaitingMerge, forced.Result);
        var trailers = await s.Origin.Bare.OutputAsync(["log", "-1", "--format=%(trailers:only,unfold)", "refs/heads/promote/production-v0.2.0"], default);
        Assert.Contains("Reason: the load bug was staging's config\nForced: true", trailers);
        Assert.EndsWith("Reason: the load bug was staging's config\nForced: true", forced.Body);

        await s.MergeAsync(forced.PullRequest!.Number, PullRequestMergeMethod.Squash);
        var ledger = await LedgerReader.ReadAsync(s.Origin.Bare, "refs/heads/main", PromotionScenario.Production, default);
        Assert.Null(RejectedVersions.Rejecting(ledger, LogForge.Delivery.Versions.ReleaseVersion.Parse("v0.2.0")));
        Assert.Equal("promotion, forced (reason: \"the load bug was staging's config\")", LedgerTable.What(ledger[0]));
    }

    [Fact]
    public void Promote_with_force_and_no_reason_is_refused_before_anything_runs()
    {
        var failure = Assert.Throws<LogForge.Delivery.Changes.DeliveryStepException>(() => PromotionArguments.Parse("/nowhere", PromotionKind.Promote,
            "v0.2.0", dryRun: true, waitForMerge: false, TimeSpan.FromMinutes(1), "", reason: " ", force: true, stepSummary: ""));

        Assert.Equal("reason: Promote --force needs --reason (the ledger records why a rejected version goes back) — pass --force --reason \"…\"",
            failure.Message);
    }
}
