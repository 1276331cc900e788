using System.Text;

namespace LogForge.Build.Engine;

/// <summary>The table that ends every run, for the console and as Markdown for $GITHUB_STEP_SUMMARY.</summary>
internal static class SummaryWriter
{
    public static string Text(IReadOnlyList<TargetResult> results, TimeSpan total)
    {
        var nameWidth = Math.Max(6, results.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        var rule = new string('═', nameWidth + 40);
        text.AppendLine(rule);
        text.AppendLine($"{"Target".PadRight(nameWidth)}  {"Status",-10}  {"Duration",8}  Note");
        text.AppendLine(new string('─', nameWidth + 40));
        foreach (var result in results)
            text.AppendLine($"{result.Name.PadRight(nameWidth)}  {result.Status,-10}  {Format(result.Duration),8}  {result.Note}");
        text.AppendLine(new string('─', nameWidth + 40));
        var outcome = results.Any(r => r.Status is TargetStatus.Failed) ? "Build failed"
            : results.Any(r => r.Status is TargetStatus.Aborted) ? "Build aborted"
            : "Build succeeded";
        text.AppendLine($"{"Total".PadRight(nameWidth)}  {"",-10}  {Format(total),8}  {outcome}");
        text.AppendLine(rule);
        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<TargetResult> results, TimeSpan total)
    {
        var text = new StringBuilder();
        text.AppendLine("| Target | Status | Duration | Note |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var result in results)
            text.AppendLine($"| {result.Name} | {Icon(result.Status)} {result.Status} | {Format(result.Duration)} | " +
                $"{result.Note.Replace("|", "\\|", StringComparison.Ordinal)} |");
        text.AppendLine($"| **Total** | | {Format(total)} | |");
        return text.ToString();
    }

    private static string Icon(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "✅",
        TargetStatus.Failed => "❌",
        TargetStatus.Aborted => "🛑",
        _ => "⏭️",
    };

    private static string Format(TimeSpan duration) =>
        duration == TimeSpan.Zero ? "–"
        : duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.00}s"
        : $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";
}
