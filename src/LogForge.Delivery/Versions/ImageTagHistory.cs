using LogForge.Delivery.Git;

namespace LogForge.Delivery.Versions;

/// <summary>A tag a values file took, the digest it pinned with it (null: none), and the commit that gave it that tag.</summary>
public sealed record ImageTagRevision(string Commit, string Tag)
{
    public string? Digest { get; init; }
}

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
            ImageTagLocation location;
            try
            {
                if (text is null) continue; // the file was deleted in this commit
                location = ImageTagEdit.Locate(text, path);
            }
            catch (ImageTagEditException)
            {
                continue;
            }
            if (changes.Count == 0 || changes[^1].Tag != location.Tag)
                changes.Add(new ImageTagRevision(commit, location.Tag) { Digest = location.Digest?.Value });
            else if (changes[^1].Digest != location.Digest?.Value)
                changes[^1] = changes[^1] with { Digest = location.Digest?.Value }; // the same tag pinned later: the newest pin counts
        }
        changes.Reverse();
        return changes;
    }
}
