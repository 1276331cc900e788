using System.Text;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Release;

/// <summary>What a release pull request says.</summary>
public sealed record ReleaseBodyModel(
    ReleaseVersion Version,
    string ImageRepository,
    string? ImageDigest,
    string SourceCommit,
    string? ReleaseCommit,
    string BaseBranch,
    IReadOnlyList<ImageTagChange> Changes,
    ImageTagChange Production,
    ValidationReport Gate,
    WorkflowRun? Run,
    string Actor);

/// <summary>
/// The body of a release pull request, for a reviewer who has only this page: the version and image,
/// each file with its old → new tag, the gate's results on this very tree, where it came from (commit,
/// workflow run, who), and that production is untouched with how to promote.
/// </summary>
public static class ReleaseBody
{
    /// <summary>Marks a body as written by Release (and for which version).</summary>
    public static string Marker(ReleaseVersion version) => $"<!-- logforge-release {version.GitTag} -->";

    public static string Render(ReleaseBodyModel m)
    {
        var text = new StringBuilder();
        var image = $"{m.ImageRepository}:{m.Version.ImageTag}";
        text.AppendLine($"Release **{m.Version.GitTag}** to **dev** and **staging**. Argo CD syncs both automatically once this is merged.");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| Version | git tag `{m.Version.GitTag}` → image tag and `/version` `{m.Version.ImageTag}` |");
        text.AppendLine($"| Image | `{image}`{(m.ImageDigest is null ? "" : $"<br>digest `{m.ImageDigest}` (`{m.ImageRepository}@{m.ImageDigest}`)")} |");
        text.AppendLine($"| Source | `{m.SourceCommit}` (the commit tagged `{m.Version.GitTag}`) |");
        var releaseCommit = m.ReleaseCommit is null ? "(made when the release runs without --dry-run)" : $"`{m.ReleaseCommit}` (on top of `{m.BaseBranch}`)";
        text.AppendLine($"| Release commit | {releaseCommit} |");
        text.AppendLine($"| Produced by | {Provenance(m)} |");
        text.AppendLine();
        text.AppendLine("### Changes");
        text.AppendLine();
        text.AppendLine("| file | `image.tag` | `image.digest` |");
        text.AppendLine("|---|---|---|");
        foreach (var change in m.Changes)
            text.AppendLine($"| `{change.File}` | `{change.OldTag}` → `{change.NewTag}`{(change.Changed ? "" : " (already)")} | " +
                $"{Digest(change.OldDigest)} → {Digest(change.NewDigest)} |");
        text.AppendLine();
        text.AppendLine("Only `image.tag` and `image.digest` change in each file; comments, order and formatting are byte-for-byte as they were." +
            (m.ImageDigest is null ? " No `--image-digest` was given: the files pin the tag alone." : ""));
        text.AppendLine();
        var gate = MarkdownReportWriter.Render(m.Gate).Split('\n', 5);
        text.AppendLine("### Validation gate (offline, on this branch's tree)");
        text.AppendLine();
        text.AppendLine(gate[2]); // "✅ passed: N passed, N failed, N skipped in …"
        text.AppendLine();
        text.AppendLine(m.Gate.Passed ? "<details><summary>every check</summary>" : "<details open><summary>every check</summary>");
        text.AppendLine();
        text.AppendLine(gate[4].TrimEnd());
        text.AppendLine();
        text.AppendLine("</details>");
        text.AppendLine();
        text.AppendLine("### Production");
        text.AppendLine();
        text.AppendLine($"Production is untouched: `{m.Production.File}` stays at `{m.Production.OldTag}`. " +
                        $"After this is merged and staging is verified, promote with `./build.sh Promote --version {m.Version.GitTag}` " +
                        $"or `gh workflow run promote-production.yml -f version={m.Version.GitTag}`.");
        text.AppendLine();
        text.Append(Marker(m.Version));
        return text.ToString();
    }

    private static string Digest(string? digest) => digest is null ? "none" : $"`{ImagePin.ShortDigest(digest)}`";

    private static string Provenance(ReleaseBodyModel m) => m.Run is null
        ? $"`./build.sh Release --version {m.Version.GitTag}`, run by {m.Actor} (not in GitHub Actions)"
        : $"[{m.Run.Workflow ?? "workflow"} run {m.Run.RunId}]({m.Run.Url}), started by {m.Actor}";
}
