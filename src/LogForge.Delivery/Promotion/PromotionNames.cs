using LogForge.Delivery.GitHub;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Release;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>The names one promotion or rollback uses: branch, commit message, pull request title.</summary>
public static class PromotionNames
{
    public static string Branch(PromotionKind kind, ReleaseVersion version) =>
        kind == PromotionKind.Promote ? ReleaseNames.PromotionBranch(version) : $"rollback/production-{version.GitTag}";

    /// <summary>The subject, then the ledger's trailers (git's format: the last paragraph, <c>Key: value</c> lines).</summary>
    public static string CommitMessage(PromotionKind kind, ReleaseVersion version, LedgerRecord record) =>
        LedgerTrailers.Append(kind == PromotionKind.Promote ? $"promote: {version.GitTag} to production" : $"rollback: production to {version.GitTag}",
            record);

    public static string Title(PromotionKind kind, ReleaseVersion version, string? reason) =>
        kind == PromotionKind.Promote
            ? $"Promote {version.GitTag} to production"
            : $"Roll back production to {version.GitTag}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}");

    /// <summary>The value of the Argo CD operation's logforge-run info: the Actions run, else a local id.</summary>
    public static string RunId(WorkflowRun? run) =>
        run is null ? $"local-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssZ}-{Random.Shared.Next(0x10000):x4}" : $"{run.RunId}-{run.Attempt ?? "1"}";
}
