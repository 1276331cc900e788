using LogForge.Delivery.Git;

namespace LogForge.Delivery.Versions;

/// <summary>A tag a values file took, and the commit that gave it that tag.</summary>
public sealed record ImageTagRevision(string Commit, string Tag);

/// <summary>
/// The tags a values file had on a branch, from its git history: newest first, one entry per change of
/// the tag (commits that changed other lines are skipped; a version of the file whose tag cannot be read
/// is skipped too). Rollback's default version is the entry after the current one.
/// </summary>
public static class ImageTagHistory
{
    public static async Task<IReadOnlyList<ImageTagRevision>> ReadAsync(GitCli git, string revision, string path, CancellationToken ct)
    {
        var commits = await git.FileHistoryAsync(revision, path, ct);
        var changes = new List<ImageTagRevision>();
        foreach (var commit in commits.Reverse())
        {
            var text = await git.ShowFileAsync(commit, path, ct);
            string tag;
            try
            {
                if (text is null) continue; // the file was deleted in this commit
                tag = ImageTagEdit.Locate(text, path).Tag;
            }
            catch (ImageTagEditException)
            {
                continue;
            }
            if (changes.Count == 0 || changes[^1].Tag != tag)
                changes.Add(new ImageTagRevision(commit, tag));
        }
        changes.Reverse();
        return changes;
    }
}
