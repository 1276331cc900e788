using System.Text;
using LogForge.Delivery.Git;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// The <c>image.tag</c> of many versions of a values file in ONE <c>git cat-file --batch</c> (the blob ids on its standard input, the
/// contents read back by their byte sizes). A blob whose tag cannot be located maps to null.
/// </summary>
internal static class BlobTags
{
    public static async Task<IReadOnlyDictionary<string, string?>> ReadAsync(GitCli git, IReadOnlyCollection<string> blobs, string path,
        CancellationToken ct)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (blobs.Count == 0) return tags;
        var bytes = await git.BytesAsync(["cat-file", "--batch"], string.Join('\n', blobs) + "\n", ct);
        var at = 0;
        while (at < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', at);
            if (end < 0) break;
            var header = Encoding.ASCII.GetString(bytes, at, end - at).Split(' ');
            at = end + 1;
            if (header.Length < 3 || header[1] != "blob" || !int.TryParse(header[2], out var size)) continue; // "<id> missing"
            var text = Encoding.UTF8.GetString(bytes, at, size);
            at += size + 1;
            tags[header[0]] = TagOf(text, path);
        }
        return tags;
    }

    private static string? TagOf(string text, string path)
    {
        try
        {
            return ImageTagEdit.Locate(text, path).Tag;
        }
        catch (ImageTagEditException)
        {
            return null;
        }
    }
}
