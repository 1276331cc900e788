using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Smoke;

/// <summary>Everything one smoke run checked, in order.</summary>
/// <param name="Environment">local, dev, staging or production.</param>
/// <param name="Target">What was checked: the base URL and what answered there.</param>
public sealed record SmokeReport(string Environment, string Target, IReadOnlyList<SmokeCheckResult> Checks, DateTimeOffset StartedAt,
    TimeSpan Duration) : ICheckReport
{
    public bool Passed => Checks.All(c => c.Status != CheckStatus.Failed);

    public IEnumerable<SmokeCheckResult> Failures => Checks.Where(c => c.Status == CheckStatus.Failed);

    public IEnumerable<string> FailedNames => Failures.Select(f => f.Name);

    public string Table => SmokeReportTable.Format(this);

    public Task<IReadOnlyList<string>> WriteFilesAsync(string repoRoot, string? stepSummaryPath, CancellationToken ct) =>
        SmokeReportFiles.WriteAsync(this, repoRoot, stepSummaryPath, ct);

    public int Count(CheckStatus status) => Checks.Count(c => c.Status == status);

    /// <summary>`N passed, N failed, N skipped`.</summary>
    public string Summary => $"{Count(CheckStatus.Passed)} passed, {Count(CheckStatus.Failed)} failed, {Count(CheckStatus.Skipped)} skipped";

    /// <summary>The report with <paramref name="mask"/> (the build's secret masker) applied to every text it holds, before it is
    /// written to a file or a pull request — a detail may quote what a server answered.</summary>
    public SmokeReport Masked(Func<string, string> mask) =>
        this with { Target = mask(Target), Checks = [.. Checks.Select(c => c with { Name = mask(c.Name), Detail = mask(c.Detail) })] };
}
