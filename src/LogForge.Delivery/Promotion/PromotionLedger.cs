using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>The ledger record of one promotion or rollback, from the evidence the flow gathered: what its commit's trailers and the pull
/// request body's closing block say.</summary>
internal static class PromotionLedger
{
    public static LedgerRecord Record(PromotionContext c, StagingEvidence evidence, EditedTree edited)
    {
        var (request, change) = (c.Request, edited.Changes[0]);
        var promote = request.Kind == PromotionKind.Promote;
        return new LedgerRecord(c.Version.GitTag)
        {
            ImageDigest = change.NewDigest,
            StagingRevision = promote ? evidence.Staging?.Revision : null,
            Smoke = promote ? Smoke(evidence) : null,
            Gate = $"{Verdict(edited.Gate.Passed)} ({edited.Gate.Summary})",
            Actor = c.Actor,
            RunUrl = request.Run?.Url,
            RejectedVersion = promote ? null : GitTag(change.OldTag),
            Reason = request.Reason,
            Forced = request.Force,
        };
    }

    private static string Smoke(StagingEvidence evidence) =>
        evidence.Smoke is { } smoke ? $"{Verdict(smoke.Passed)} ({smoke.Summary})" : "not run (no cluster configured)";

    private static string Verdict(bool passed) => passed ? "passed" : "failed";

    private static string GitTag(string imageTag) => ReleaseVersion.TryParse(imageTag, out var version, out _) ? version!.GitTag : imageTag;
}
