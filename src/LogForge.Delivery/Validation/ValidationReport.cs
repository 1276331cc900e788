using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Validation;

/// <summary>Everything the ValidationGate checked, in order.</summary>
public sealed record ValidationReport(IReadOnlyList<CheckResult> Results, TimeSpan Duration, string HelmDescription) : ICheckReport
{
    public bool Passed => Results.All(r => r.Status != CheckStatus.Failed);

    public IEnumerable<CheckResult> Failures => Results.Where(r => r.Status == CheckStatus.Failed);

    public IEnumerable<string> FailedNames => Failures.Select(f => f.Name);

    public string Table => ValidationReportTable.Format(this);

    public Task<IReadOnlyList<string>> WriteFilesAsync(string repoRoot, string? stepSummaryPath, CancellationToken ct) =>
        ValidationReportFiles.WriteAsync(this, repoRoot, stepSummaryPath, ct);

    public int Count(CheckStatus status) => Results.Count(r => r.Status == status);

    /// <summary>This report with <paramref name="more"/> checks after its own (a flow's own gate rows).</summary>
    public ValidationReport With(IEnumerable<CheckResult> more) => this with { Results = [.. Results, .. more] };

    /// <summary>The plain closing line: `N passed, N failed, N skipped`.</summary>
    public string Summary => $"{Count(CheckStatus.Passed)} passed, {Count(CheckStatus.Failed)} failed, {Count(CheckStatus.Skipped)} skipped";

    /// <summary>The report with <paramref name="mask"/> (the build's secret masker) applied to every text it holds, before it is
    /// written to a file or a pull request — a detail may quote what a server answered.</summary>
    public ValidationReport Masked(Func<string, string> mask) =>
        this with { Results = [.. Results.Select(r => r with { Name = mask(r.Name), Detail = mask(r.Detail) })], HelmDescription = mask(HelmDescription) };
}
