namespace LogForge.Delivery.Validation;

/// <summary>Writes both report files under &lt;repo&gt;/artifacts/.</summary>
public static class ValidationReportFiles
{
    /// <summary>Writes validation-report.md and .xml; appends the Markdown to <paramref name="stepSummaryPath"/> when given
    /// (pass $GITHUB_STEP_SUMMARY).</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ValidationReport report, string repoRoot, string? stepSummaryPath,
        CancellationToken ct = default)
    {
        var directory = RepositoryLayout.Artifacts(repoRoot);
        return
        [
            await MarkdownReportWriter.WriteAsync(report, directory, stepSummaryPath, ct),
            await JUnitReportWriter.WriteAsync(report, directory, ct),
        ];
    }
}
