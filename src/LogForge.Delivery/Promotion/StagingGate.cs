using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>What the staging gate established for the pull request's evidence: staging's pin on the default branch, and (all null with a
/// note when no cluster was configured) the Application, the smoke report and what staging's Ready pods run.</summary>
internal sealed record StagingEvidence(ImagePin? Pin, ApplicationEvidence? Staging, SmokeReport? Smoke, string? Note)
{
    public IReadOnlyList<RunningImage>? Images { get; init; }
}

/// <summary>
/// Promote's refusals before any change: staging's values carry the version on the default branch; with a cluster, staging is Synced
/// and Healthy at a revision whose staging values carry it, and its smoke test passes now.
/// </summary>
internal static class StagingGate
{
    public static async Task<StagingEvidence> RunAsync(PromotionContext c, IProductionCluster? cluster, ILogger log, CancellationToken ct)
    {
        var (version, stagingFile) = (c.Version, c.Staging.ValuesFile);
        var stagingPin = await PromotionReads.PinAtAsync(c.Git, c.Origin.BaseCommit, stagingFile, ct);
        if (stagingPin!.Tag != version.ImageTag)
            throw new DeliveryStepException("staging", $"staging runs {stagingPin.Tag} on {c.Origin.DefaultBranch} ({stagingFile}), not {version.ImageTag}",
                $"release it first: merge the pull request of ./build.sh Release --version {version.GitTag}, let staging sync, then promote");
        if (cluster is null)
        {
            var note = "No cluster was configured for this run: staging's sync, health and smoke test were not verified.";
            log.Warning("{Note}", note);
            return new StagingEvidence(stagingPin, null, null, note);
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
        return new StagingEvidence(stagingPin, evidence, smoke, null) { Images = await cluster.RunningImagesAsync(c.Staging, ct) };
    }

    private static string Short(string? sha) => FlowFailures.Short(sha);
}
