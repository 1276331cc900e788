using System.Text;

namespace LogForge.Delivery.Smoke;

/// <summary>The smoke results as a plain-text table for a console (the caller prints it).</summary>
public static class SmokeReportTable
{
    public static string Format(SmokeReport report)
    {
        var nameWidth = Math.Max(5, report.Checks.Select(c => c.Name.Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        text.AppendLine($"Smoke {report.Environment}: {report.Target}");
        text.AppendLine($"{"check".PadRight(nameWidth)}  {"status",-7}  {"time",8}  detail");
        foreach (var check in report.Checks)
        {
            var lines = check.Detail.Split('\n');
            text.AppendLine($"{check.Name.PadRight(nameWidth)}  {check.Status,-7}  {Duration(check.Duration),8}  {lines[0]}");
            foreach (var line in lines.Skip(1))
                text.AppendLine($"{new string(' ', nameWidth + 21)}{line}");
        }
        text.Append($"{report.Summary} in {report.Duration.TotalSeconds:0.00} s");
        return text.ToString();
    }

    internal static string Duration(TimeSpan duration) =>
        duration == TimeSpan.Zero ? "–"
        : duration.TotalSeconds < 1 ? $"{duration.TotalMilliseconds:0} ms"
        : $"{duration.TotalSeconds:0.00} s";
}
