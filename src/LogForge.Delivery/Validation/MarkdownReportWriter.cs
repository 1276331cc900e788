using System.Text;
using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Validation;

/// <summary>artifacts/validation-report.md, also appended to $GITHUB_STEP_SUMMARY when that is set.</summary>
public static class MarkdownReportWriter
{
    public const string FileName = "validation-report.md";

    public static string Render(ValidationReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("## Validation gate");
        text.AppendLine();
        text.AppendLine($"{(report.Passed ? "✅ passed" : "❌ failed")}: {report.Summary} in {report.Duration.TotalSeconds:0.00} s ({report.HelmDescription}).");
        text.AppendLine();
        text.AppendLine("| check | status | detail |");
        text.AppendLine("|---|---|---|");
        foreach (var result in report.Results)
            text.AppendLine($"| {Cell(result.Name)} | {Icon(result.Status)} {result.Status} | {Cell(result.Detail)} |");
        return text.ToString();
    }

    /// <summary>Writes the report into <paramref name="artifactsDirectory"/> and appends it to the step summary file when given.</summary>
    public static async Task<string> WriteAsync(ValidationReport report, string artifactsDirectory, string? stepSummaryPath, CancellationToken ct = default)
    {
        Directory.CreateDirectory(artifactsDirectory);
        var path = Path.Combine(artifactsDirectory, FileName);
        var markdown = Render(report);
        await File.WriteAllTextAsync(path, markdown, ct);
        if (!string.IsNullOrEmpty(stepSummaryPath))
            await File.AppendAllTextAsync(stepSummaryPath, markdown + "\n", ct);
        return path;
    }

    private static string Icon(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✅",
        CheckStatus.Failed => "❌",
        _ => "⏭️",
    };

    private static string Cell(string text) =>
        text.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
