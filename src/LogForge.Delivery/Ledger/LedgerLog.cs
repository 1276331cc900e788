using System.Globalization;
using LogForge.Delivery.Git;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// The history of one values file in ONE <c>git log</c>: every commit that changed it, merges included (<c>--full-history</c>, so a merge
/// commit's pull request number is seen beside the commit it merged), with rewritten parents, trailers and the file's blobs (<c>--raw</c>).
/// </summary>
internal static class LedgerLog
{
    private const char RecordStart = '\x1e', Field = '\x1f';
    private const string Format = "--format=%x1e%H%x1f%P%x1f%cI%x1f%an%x1f%s%x1f%(trailers:only,unfold)%x1f";
    private static readonly string ZeroBlob = new('0', 40);

    public static async Task<IReadOnlyList<LoggedCommit>> ReadAsync(GitCli git, string revision, string path, CancellationToken ct)
    {
        var output = await git.OutputAsync(["-c", "log.showSignature=false", "log", "--full-history", "--parents", "--no-abbrev", "--raw", "--no-renames",
            "--no-color", Format, revision, "--", path], ct);
        return Parse(output);
    }

    public static IReadOnlyList<LoggedCommit> Parse(string output)
    {
        var commits = new List<LoggedCommit>();
        foreach (var record in output.Split(RecordStart, StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = record.Split(Field);
            if (fields.Length < 7) continue;
            var (oldBlob, newBlob) = Blobs(fields[6]);
            commits.Add(new LoggedCommit(fields[0].Trim(), fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                DateTimeOffset.Parse(fields[2], CultureInfo.InvariantCulture), fields[3], fields[4], fields[5], oldBlob, newBlob));
        }
        return commits;
    }

    /// <summary>The raw diff line <c>:100644 100644 OLD NEW M\tpath</c>; all-zero ids mean the file was added or deleted there.</summary>
    private static (string? Old, string? New) Blobs(string raw)
    {
        var line = raw.Split('\n').FirstOrDefault(l => l.StartsWith(':'));
        if (line is null) return (null, null);
        var parts = line.Split('\t')[0].Split(' ');
        if (parts.Length < 4) return (null, null);
        return (parts[2] == ZeroBlob ? null : parts[2], parts[3] == ZeroBlob ? null : parts[3]);
    }
}
