namespace LogForge.Delivery.Smoke;

/// <summary>Writes artifacts/smoke-&lt;env&gt;.json and .md, and appends the Markdown to the step summary file when given.</summary>
public static class SmokeReportFiles
{
    public static string JsonPath(string repoRoot, string environment) => Path.Combine(RepositoryLayout.Artifacts(repoRoot), $"smoke-{environment}.json");

    public static string MarkdownPath(string repoRoot, string environment) => Path.Combine(RepositoryLayout.Artifacts(repoRoot), $"smoke-{environment}.md");

    /// <summary>Returns the files written. <paramref name="stepSummaryPath"/>: $GITHUB_STEP_SUMMARY, or null.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(SmokeReport report, string repoRoot, string? stepSummaryPath, CancellationToken ct = default)
    {
        Directory.CreateDirectory(RepositoryLayout.Artifacts(repoRoot));
        var json = JsonPath(repoRoot, report.Environment);
        var markdown = MarkdownPath(repoRoot, report.Environment);
        var text = SmokeReportMarkdown.Render(report);
        await WriteAtomicallyAsync(json, SmokeReportJson.Render(report), ct);
        await WriteAtomicallyAsync(markdown, text, ct);
        if (!string.IsNullOrEmpty(stepSummaryPath))
            await File.AppendAllTextAsync(stepSummaryPath, text + "\n", ct);
        return [json, markdown];
    }

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
    }
}
