using System.Text;

namespace LogForge.Delivery.Doctor;

/// <summary>Doctor as one table for a console: a row per check with its verdict, what was seen, and for a row that did not pass what
/// to do; then the verdict of the whole.</summary>
public static class DoctorTable
{
    public static string Format(DoctorReport report)
    {
        var rows = report.Rows.Select(r => new[] { Mark(r.Verdict), r.Check, r.Detail + (r.Fix is { } fix ? $" — {fix}" : ""), r.NeededBy }).ToList();
        string[] headers = ["", "check", "seen (— what to do)", "needed by"];
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(headers, widths));
        foreach (var row in rows) text.AppendLine(Line(row, widths));
        var failed = report.Failed.Select(r => r.Check).ToList();
        text.Append(failed.Count == 0
            ? $"every required check passed ({report.Rows.Count} checks in {report.Elapsed.TotalSeconds:0.00} s)"
            : $"{failed.Count} required check{(failed.Count == 1 ? "" : "s")} failed: {string.Join(", ", failed)}");
        return text.ToString();
    }

    public static string Mark(DoctorVerdict verdict) => verdict switch
    {
        DoctorVerdict.Pass => "ok",
        DoctorVerdict.Warn => "warn",
        DoctorVerdict.Fail => "FAIL",
        _ => "n/a",
    };

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
