using System.Text;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// A <see cref="LedgerRecord"/> as git trailers: <c>Key: value</c> lines forming the last paragraph of a commit message, as
/// <c>git interpret-trailers --parse</c> and <c>git log --format=%(trailers)</c> read them. Every value is made one line (newlines and
/// other control characters become spaces), so a reason typed over several lines cannot end the block or forge another key.
/// </summary>
public static class LedgerTrailers
{
    public const string PromotedVersion = "Promoted-Version";
    public const string ImageDigest = "Image-Digest";
    public const string StagingRevision = "Staging-Revision";
    public const string Smoke = "Smoke";
    public const string Gate = "Gate";
    public const string Actor = "Actor";
    public const string RunUrl = "Run-Url";
    public const string RejectedVersion = "Rejected-Version";
    public const string Reason = "Reason";
    public const string Forced = "Forced";

    /// <summary>The trailer block (no blank line before it, a newline after the last line); empty values are left out.</summary>
    public static string Format(LedgerRecord record)
    {
        var text = new StringBuilder();
        void Add(string key, string? value)
        {
            var line = OneLine(value);
            if (line.Length > 0) text.Append(key).Append(": ").Append(line).Append('\n');
        }
        Add(PromotedVersion, record.PromotedVersion);
        Add(ImageDigest, record.ImageDigest);
        Add(StagingRevision, record.StagingRevision);
        Add(Smoke, record.Smoke);
        Add(Gate, record.Gate);
        Add(Actor, record.Actor);
        Add(RunUrl, record.RunUrl);
        Add(RejectedVersion, record.RejectedVersion);
        Add(Reason, record.Reason);
        if (record.Forced) Add(Forced, "true");
        return text.ToString();
    }

    /// <summary><paramref name="message"/> followed by a blank line and the trailer block.</summary>
    public static string Append(string message, LedgerRecord record) => message.TrimEnd() + "\n\n" + Format(record);

    /// <summary>
    /// The record in trailer lines as <c>%(trailers:only,unfold)</c> prints them; null when they carry no Promoted-Version (not a
    /// ledger record). Keys compare as git compares them, ignoring case; the last occurrence of a key wins.
    /// </summary>
    public static LedgerRecord? Parse(string trailerLines)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in trailerLines.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        string? Get(string key) => values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        if (Get(PromotedVersion) is not { } promoted) return null;
        return new LedgerRecord(promoted)
        {
            ImageDigest = Get(ImageDigest),
            StagingRevision = Get(StagingRevision),
            Smoke = Get(Smoke),
            Gate = Get(Gate),
            Actor = Get(Actor),
            RunUrl = Get(RunUrl),
            RejectedVersion = Get(RejectedVersion),
            Reason = Get(Reason),
            Forced = string.Equals(Get(Forced), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>One line: control characters (newlines, tabs) become spaces, runs of spaces one space, ends trimmed.</summary>
    public static string OneLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "";
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var space = char.IsControl(c) || char.IsWhiteSpace(c);
            if (space && (text.Length == 0 || text[^1] == ' ')) continue;
            text.Append(space ? ' ' : c);
        }
        return text.ToString().TrimEnd();
    }
}
