using System.Text.RegularExpressions;
using LogForge.Delivery.Git;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// The ledger of one values file on a revision, newest first, from git alone: ONE <c>git log</c> (<see cref="LedgerLog"/>) and, only for
/// commits without trailers, ONE <c>git cat-file --batch</c> to tell whether they changed the image tag. A commit merged by a merge
/// commit takes that commit's time and pull request number; a squash commit names its number in its own subject; a rebase merge
/// names none (GitHub adds nothing to the replayed commits).
/// </summary>
public static partial class LedgerReader
{
    public static async Task<IReadOnlyList<LedgerEntry>> ReadAsync(GitCli git, string revision, string valuesFile, CancellationToken ct)
    {
        var commits = await LedgerLog.ReadAsync(git, revision, valuesFile, ct);
        var records = commits.Where(c => !c.IsMerge).ToDictionary(c => c.Sha, c => LedgerTrailers.Parse(c.Trailers));
        var blobs = commits.Where(c => !c.IsMerge && records[c.Sha] is null)
            .SelectMany(c => new[] { c.OldBlob, c.NewBlob }).OfType<string>().Distinct().ToList();
        var tags = await BlobTags.ReadAsync(git, blobs, valuesFile, ct);
        var landing = LandingMerges(commits);

        var entries = new List<LedgerEntry>();
        foreach (var commit in commits.Where(c => !c.IsMerge))
        {
            var record = records[commit.Sha];
            string version;
            if (record is not null) version = record.PromotedVersion;
            else if (UnrecordedChange(commit, tags) is { } tag) version = ReleaseVersion.TryParse(tag, out var parsed, out _) ? parsed!.GitTag : tag;
            else continue;
            var merge = landing.GetValueOrDefault(commit.Sha);
            var number = PullRequestNumber(commit.Subject) ?? (merge is null ? null : PullRequestNumber(merge.Subject));
            entries.Add(new LedgerEntry(commit.Sha, merge?.CommittedAt ?? commit.CommittedAt, record?.Actor ?? commit.Author, version, number, record));
        }
        // git log lists by commit time; a merged commit takes its merge's time, so order again (stable: ties keep git's order).
        return entries.OrderByDescending(e => e.When).ToList();
    }

    /// <summary>The new tag when a commit without trailers changed it (or added the file); null when the tag stayed or cannot be read.</summary>
    private static string? UnrecordedChange(LoggedCommit commit, IReadOnlyDictionary<string, string?> tags)
    {
        if (commit.NewBlob is null || tags.GetValueOrDefault(commit.NewBlob) is not { } tag) return null;
        if (commit.OldBlob is not null && tags.GetValueOrDefault(commit.OldBlob) == tag) return null;
        return tag;
    }

    /// <summary>
    /// For each commit a merge commit brought in, that merge: the branch's line is the first-parent chain from the newest commit; each
    /// merge on it claims the commits on its other parents' first-parent chains until the chain reaches the line again.
    /// </summary>
    private static Dictionary<string, LoggedCommit> LandingMerges(IReadOnlyList<LoggedCommit> commits)
    {
        var bySha = commits.ToDictionary(c => c.Sha);
        LoggedCommit? FirstParent(LoggedCommit c) => c.Parents.Count > 0 ? bySha.GetValueOrDefault(c.Parents[0]) : null;
        var line = new HashSet<string>(StringComparer.Ordinal);
        var at = commits.FirstOrDefault();
        while (at is not null && line.Add(at.Sha)) at = FirstParent(at);

        var landing = new Dictionary<string, LoggedCommit>(StringComparer.Ordinal);
        foreach (var merge in commits.Where(c => c.IsMerge && line.Contains(c.Sha)))
        foreach (var parent in merge.Parents.Skip(1))
        {
            at = bySha.GetValueOrDefault(parent);
            while (at is not null && !line.Contains(at.Sha) && landing.TryAdd(at.Sha, merge)) at = FirstParent(at);
        }
        return landing;
    }

    /// <summary>The pull request a subject names: GitHub's squash title "… (#12)" or merge title "Merge pull request #12 from …".</summary>
    public static int? PullRequestNumber(string subject)
    {
        var match = PullRequestSubject().Match(subject);
        return match.Success ? int.Parse(match.Groups["squash"].Success ? match.Groups["squash"].Value : match.Groups["merge"].Value) : null;
    }

    [GeneratedRegex(@"\(#(?<squash>\d{1,9})\)\s*$|^Merge pull request #(?<merge>\d{1,9}) ")]
    private static partial Regex PullRequestSubject();
}
