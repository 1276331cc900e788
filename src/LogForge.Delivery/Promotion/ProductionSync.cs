using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>
/// After the merge: the manual sync of production at the merge commit (unless it already runs the version, Synced and Healthy),
/// waited for, then the read-only smoke checks with /version at the version.
/// </summary>
internal sealed class ProductionSync(GitHubAccess github, IProductionCluster? cluster, ILogger log)
{
    public async Task<PromotionOutcome> RunAsync(PromotionContext c, CancellationToken ct)
    {
        var (request, version) = (c.Request, c.Version);
        var merged = await MergedPullRequestAsync(c, ct);
        var revision = merged?.MergeCommitSha ?? c.ProductionHistory[0].Commit;
        var source = merged is null ? $"commit {Short(revision)}" : $"pull request #{merged.Number} (merge commit {Short(revision)})";
        if (cluster is null)
        {
            if (request.DryRun)
                return new PromotionOutcome(PromotionResult.DryRun, $"dry run: production's values carry {version.ImageTag} since {source}; " +
                    $"a run with a cluster syncs logforge-production to {Short(revision)} and checks /version");
            throw new DeliveryStepException("sync", $"production's values carry {version.ImageTag} since {source}, but no cluster is configured, " +
                "so the manual sync cannot run", "pass --kube-context (or set KUBECONFIG) and run this again");
        }

        var state = await cluster.StateAsync(c.Production, ct)
            ?? throw new DeliveryStepException("sync", $"{c.Production.ApplicationName} does not exist in {cluster.Description}",
                "run ./build.sh ApplyArgo, then run this again");
        var deployedTag = state.Revision is null ? null : await PromotionReads.TagAtAsync(c.Git, state.Revision, c.ProductionFile, ct, missingOk: true);
        var done = state is { Sync: "Synced", Health: "Healthy", OperationPending: false } && state.OperationPhase is not "Running"
            && deployedTag == version.ImageTag;
        if (request.DryRun)
            return new PromotionOutcome(PromotionResult.DryRun, done
                ? $"dry run: production already runs {version.ImageTag} (Synced, Healthy at {Short(state.Revision)}); a run verifies /version"
                : $"dry run: would sync logforge-production to {Short(revision)} ({source}) and check /version answers {version.ImageTag}");

        var sync = done ? null : await cluster.SyncAsync(c.Production, revision, c.Actor, c.RunId, request.WaitTimeout, ct);
        var smoke = await cluster.SmokeAsync(c.Production, version, readOnly: true, ct);
        await CheckReports.PublishAsync(smoke, request.CheckoutRoot, request.StepSummaryPath, log, _ =>
            new DeliveryStepException("verify", $"production {(done ? "is" : "was synced")} at {Short(done ? state.Revision : revision)} " +
                $"but its smoke check failed ({string.Join(", ", smoke.FailedNames)})", "see the table above or artifacts/smoke-production.md"), ct);

        var pinned = await PromotionReads.PinAtAsync(c.Git, done ? state.Revision! : revision, c.ProductionFile, ct);
        var digest = await RunningDigestAsync(c, pinned!, ct);
        var what = request.Kind == PromotionKind.Promote ? "promoted" : "rolled back";
        return sync is null
            ? new PromotionOutcome(PromotionResult.AlreadyDone, $"production already runs {version.ImageTag}: {what} and verified " +
                $"(Synced, Healthy at {Short(state.Revision)}, /version {version.ImageTag}{digest}) — nothing to do")
                { PullRequest = merged, ProductionSmoke = smoke }
            : new PromotionOutcome(PromotionResult.Synced, $"{what} production to {version.ImageTag}: synced {Short(revision)} ({source}) " +
                $"in {sync.Took.TotalSeconds:0.0}s, Synced and Healthy, /version {version.ImageTag}{digest}") { PullRequest = merged, Sync = sync,
                    ProductionSmoke = smoke };
    }

    /// <summary>Every Ready production pod runs the digest production's values pin (", every pod on sha256:…" for the summary); nothing
    /// to check when they pin the tag alone.</summary>
    private async Task<string> RunningDigestAsync(PromotionContext c, ImagePin pinned, CancellationToken ct)
    {
        if (pinned.Digest is not { } digest) return "";
        var images = (await cluster!.RunningImagesAsync(c.Production, ct))
            .Where(i => ImageReference.Repository(i.Image) == c.Policy.Image.Repository).ToList();
        var wrong = images.Where(i => i.Digest != digest).ToList();
        if (images.Count == 0 || wrong.Count > 0)
            throw new DeliveryStepException("verify", images.Count == 0
                    ? $"production was synced, but no Ready pod runs {c.Policy.Image.Repository}"
                    : $"production was synced, but pod {wrong[0].Pod} runs {wrong[0].Digest ?? "an image not pulled yet"}, not {digest} " +
                        $"({wrong.Count} of {images.Count} containers)",
                $"look at the pods (kubectl -n {c.Production.Namespace} get pods -o wide), then run this again");
        return $", every pod on {ImagePin.ShortDigest(digest)}";
    }

    private async Task<PullRequestInfo?> MergedPullRequestAsync(PromotionContext c, CancellationToken ct)
    {
        if (c.Request.DryRun && !github.HasToken) return null;
        var pulls = github.PullRequests(c.Repository!);
        var all = await GitHubFailure.GuardAsync(() => pulls.ListAsync(c.Origin.Branch, c.Origin.DefaultBranch), "GitHub", "reading the pull requests",
            "pull-requests: read", github.ApiUrl, ct);
        return all.FirstOrDefault(p => p.Merged);
    }

    private static string Short(string? sha) => FlowFailures.Short(sha);
}
