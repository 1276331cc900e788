using System.Text;

namespace LogForge.Delivery.Ledger;

/// <summary>The ledger as a plain-text table for a console, as the other reports print theirs (the caller logs it line by line).</summary>
public static class LedgerTable
{
    private static readonly string[] Headers = ["when (UTC)", "what", "version", "digest", "PR", "who", "commit", "verified"];

    public static string Format(LedgerView view)
    {
        var text = new StringBuilder();
        text.AppendLine($"Ledger of {view.Environment} ({view.ValuesFile}) on {view.Source}: {Count(view)}");
        if (view.Entries.Count == 0) return text.Append("no commit changed its image tag").ToString();
        var rows = view.Entries.Select(Row).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(Line(Headers, widths));
        foreach (var row in rows) text.AppendLine(Line(row, widths));
        return text.ToString().TrimEnd();
    }

    internal static string Count(LedgerView view) =>
        view.Entries.Count == view.Total ? (view.Total == 1 ? "1 change" : $"{view.Total} changes")
            : $"the newest {view.Entries.Count} of {view.Total} changes";

    internal static string[] Row(LedgerEntry e) =>
    [
        e.When.UtcDateTime.ToString("yyyy-MM-dd HH:mm"), What(e), e.Version, ShortDigest(e.Record?.ImageDigest),
        e.PullRequest is { } n ? $"#{n}" : "—", e.Who, LedgerEntry.Short(e.Commit), e.Verified,
    ];

    /// <summary>promotion / rollback from vX (reason: …) / forced … / no ledger record.</summary>
    public static string What(LedgerEntry e) => e.Record switch
    {
        null => "no ledger record",
        { IsRollback: true } r => $"rollback from {r.RejectedVersion}" + Reason(r) + (r.Forced ? " (forced)" : ""),
        { Forced: true } r => "promotion, forced" + Reason(r),
        _ => "promotion",
    };

    private static string Reason(LedgerRecord r) => r.Reason is { } reason ? $" (reason: \"{reason}\")" : "";

    private static string ShortDigest(string? digest) =>
        digest is null ? "—" : digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
