using System.Text;
using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Smoke;

/// <summary>The smoke results as Markdown: artifacts/smoke-&lt;env&gt;.md, and what is appended to $GITHUB_STEP_SUMMARY.</summary>
public static class SmokeReportMarkdown
{
    public static string Render(SmokeReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"## Smoke {report.Environment}");
        text.AppendLine();
        text.AppendLine($"{(report.Passed ? "✅ passed" : "❌ failed")}: {report.Summary} in {report.Duration.TotalSeconds:0.00} s, " +
            $"{report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC — {Cell(report.Target)}");
        text.AppendLine();
        text.AppendLine("| check | status | time | detail |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var check in report.Checks)
        {
            var duration = SmokeReportTable.Duration(check.Duration);
            text.AppendLine($"| {Cell(check.Name)} | {Icon(check.Status)} {check.Status} | {duration} | {Cell(check.Detail)} |");
        }
        return text.ToString();
    }

    private static string Icon(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✅",
        CheckStatus.Failed => "❌",
        _ => "⏭️",
    };

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
