using System.Text;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>What a promotion (or rollback) pull request says: its provenance.</summary>
public sealed record PromotionBodyModel(
    PromotionKind Kind,
    ReleaseVersion Version,
    string ImageRepository,
    ImageTagChange Production,
    string BaseBranch,
    ApplicationEvidence? Staging,
    SmokeReport? StagingSmoke,
    string? ClusterNote,
    ValidationReport Gate,
    IReadOnlyList<ImageTagRevision> ProductionHistory,
    string? Reason,
    WorkflowRun? Run,
    string Actor,
    LedgerRecord Ledger);

/// <summary>
/// The body of a production pull request, for the reviewer who approves the promotion: the version and
/// image, production's change old → new, the staging evidence it rests on (the revision Argo CD runs there,
/// when it synced, its health, the smoke table taken by this run), the gate's results on this very tree,
/// who ran it from where, what happens after the merge (the manual sync), and last the ledger's trailers.
/// </summary>
public static class PromotionBody
{
    public static string Marker(PromotionKind kind, ReleaseVersion version) => $"<!-- logforge-{kind.ToString().ToLowerInvariant()} {version.GitTag} -->";

    public static string Render(PromotionBodyModel m)
    {
        var text = new StringBuilder();
        var verb = m.Kind == PromotionKind.Promote ? "Promote" : "Roll back";
        var command = m.Kind == PromotionKind.Promote
            ? $"./build.sh Promote --version {m.Version.GitTag}"
            : $"./build.sh Rollback --version {m.Version.GitTag}";
        text.AppendLine(m.Kind == PromotionKind.Promote
            ? $"Promote **{m.Version.GitTag}** to **production**. Production syncs by hand: merging this changes nothing until the manual sync below."
            : $"Roll **production** back to **{m.Version.GitTag}**{(string.IsNullOrWhiteSpace(m.Reason) ? "" : $" — {m.Reason.Trim()}")}. " +
                "Production syncs by hand after the merge.");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| Version | git tag `{m.Version.GitTag}` → image tag and `/version` `{m.Version.ImageTag}` |");
        text.AppendLine(m.Production.NewDigest is { } digest
            ? $"| Image | `{m.ImageRepository}:{m.Version.ImageTag}@{digest}` (pinned by digest) |"
            : $"| Image | `{m.ImageRepository}:{m.Version.ImageTag}` (the tag alone: no digest to pin) |");
        text.AppendLine($"| Production | `{m.Production.File}`: `image` `{Pin(m.Production.OldTag, m.Production.OldDigest)}` → " +
            $"`{Pin(m.Production.NewTag, m.Production.NewDigest)}` (the only change) |");
        if (m.Kind == PromotionKind.Rollback)
            text.AppendLine($"| Production history | {string.Join(" ← ", m.ProductionHistory.Take(6).Select(h => $"`{h.Tag}`"))} (newest first, " +
                $"from `{m.BaseBranch}`) |");
        text.AppendLine($"| Run by | {Provenance(m)} |");
        text.AppendLine();

        if (m.Kind == PromotionKind.Promote)
        {
            text.AppendLine("### Staging, the evidence");
            text.AppendLine();
            if (m.Staging is { } staging)
            {
                text.AppendLine($"Argo CD Application `{staging.Application}`: **{staging.Sync}**, **{staging.Health}** at revision " +
                    $"`{staging.Revision ?? "?"}`" +
                    $" (last sync finished {staging.SyncedAt ?? "—"}, reconciled {staging.ReconciledAt ?? "—"}); staging's values there carry " +
                        $"`{m.Version.ImageTag}`.");
                text.AppendLine();
            }
            if (m.ClusterNote is not null)
            {
                text.AppendLine($"> {m.ClusterNote}");
                text.AppendLine();
            }
            if (m.StagingSmoke is { } smoke)
            {
                var table = SmokeReportMarkdown.Render(smoke).Split('\n', 3);
                text.AppendLine(table[2].TrimEnd());
                text.AppendLine();
            }
        }

        var gate = MarkdownReportWriter.Render(m.Gate).Split('\n', 5);
        text.AppendLine("### Validation gate (offline, on this branch's tree: parity of staging and production as production will be)");
        text.AppendLine();
        text.AppendLine(gate[2]);
        text.AppendLine();
        text.AppendLine("<details><summary>every check</summary>");
        text.AppendLine();
        text.AppendLine(gate[4].TrimEnd());
        text.AppendLine();
        text.AppendLine("</details>");
        text.AppendLine();
        text.AppendLine("### After the merge");
        text.AppendLine();
        text.AppendLine($"Run `{command}` again (or the promote-production workflow): it requests a manual sync of `logforge-production` " +
            $"at the merge commit, waits for that sync to succeed with the Application Synced and Healthy, then checks `/version` answers " +
                $"`{m.Version.ImageTag}`.");
        text.AppendLine();
        text.AppendLine(Marker(m.Kind, m.Version));
        // Last, as git trailers: a repository whose squash merges take the pull request's body as the message still records them.
        text.AppendLine();
        text.Append(LedgerTrailers.Format(m.Ledger).TrimEnd('\n'));
        return text.ToString();
    }

    private static string Pin(string tag, string? digest) => new ImagePin(tag, digest).ToString();

    private static string Provenance(PromotionBodyModel m) => m.Run is null
        ? $"{m.Actor}, not in GitHub Actions"
        : $"{m.Actor}, [{m.Run.Workflow ?? "workflow"} run {m.Run.RunId}]({m.Run.Url})";
}
