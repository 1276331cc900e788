using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Smoke;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>What the staging gate established for the pull request's evidence (all null with a note when no cluster was configured).</summary>
internal sealed record StagingEvidence(ApplicationEvidence? Staging, SmokeReport? Smoke, string? Note);

/// <summary>
/// Promote's refusals before any change: staging's values carry the version on the default branch; with a cluster, staging is Synced
/// and Healthy at a revision whose staging values carry it, and its smoke test passes now.
/// </summary>
internal static class StagingGate
{
    public static async Task<StagingEvidence> RunAsync(PromotionContext c, IProductionCluster? cluster, ILogger log, CancellationToken ct)
    {
        var (version, stagingFile) = (c.Version, c.Staging.ValuesFile);
        var stagingTag = await PromotionReads.TagAtAsync(c.Git, c.Origin.BaseCommit, stagingFile, ct);
        if (stagingTag != version.ImageTag)
            throw new DeliveryStepException("staging", $"staging runs {stagingTag} on {c.Origin.DefaultBranch} ({stagingFile}), not {version.ImageTag}",
                $"release it first: merge the pull request of ./build.sh Release --version {version.GitTag}, let staging sync, then promote");
        if (cluster is null)
        {
            var note = "No cluster was configured for this run: staging's sync, health and smoke test were not verified.";
            log.Warning("{Note}", note);
            return new StagingEvidence(null, null, note);
        }

        var evidence = await cluster.EvidenceAsync(c.Staging, ct)
            ?? throw new DeliveryStepException("staging", $"{c.Staging.ApplicationName} does not exist in {cluster.Description}",
                "run ./build.sh ApplyArgo, then promote");
        if (evidence.Sync != "Synced" || evidence.Health != "Healthy")
            throw new DeliveryStepException("staging", $"{evidence.Application} is {evidence.Sync}, {evidence.Health} (revision {Short(evidence.Revision)})",
                "wait for Argo CD to sync staging (or fix it), then promote");
        var deployedTag = evidence.Revision is null ? null : await PromotionReads.TagAtAsync(c.Git, evidence.Revision, stagingFile, ct, missingOk: true);
        if (deployedTag != version.ImageTag)
            throw new DeliveryStepException("staging",
                $"{evidence.Application} runs revision {Short(evidence.Revision)}, whose {stagingFile} carries {deployedTag ?? "(a commit not on origin)"}, " +
                $"not {version.ImageTag}",
                "wait for Argo CD to sync staging to the release, then promote");

        var smoke = await cluster.SmokeAsync(c.Staging, version, readOnly: false, ct);
        await CheckReports.PublishAsync(smoke, c.Request.CheckoutRoot, c.Request.StepSummaryPath, log, _ =>
            new DeliveryStepException("staging", $"staging's smoke test failed ({string.Join(", ", smoke.FailedNames)})",
                "see the table above or artifacts/smoke-staging.md; fix staging, then promote"), ct);
        return new StagingEvidence(evidence, smoke, null);
    }

    private static string Short(string? sha) => FlowFailures.Short(sha);
}
