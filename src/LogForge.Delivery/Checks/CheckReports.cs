using Serilog;

namespace LogForge.Delivery.Checks;

/// <summary>"Show, write, refuse": what every target and flow does with a report of checks.</summary>
public static class CheckReports
{
    /// <summary>
    /// Logs <paramref name="report"/>'s table, writes its files, and when a check failed throws what <paramref name="refusal"/> makes
    /// of the files written. <paramref name="listFiles"/>: also log the files' paths (relative to <paramref name="repoRoot"/>).
    /// </summary>
    public static async Task<IReadOnlyList<string>> PublishAsync(ICheckReport report, string repoRoot, string? stepSummaryPath, ILogger log,
        Func<IReadOnlyList<string>, Exception> refusal, CancellationToken ct, bool listFiles = false)
    {
        foreach (var line in report.Table.Split('\n'))
            log.Information("{Line}", line);
        var files = await report.WriteFilesAsync(repoRoot, stepSummaryPath, ct);
        if (listFiles)
            log.Information("Reports: {Files}", string.Join(", ", files.Select(f => Path.GetRelativePath(repoRoot, f))));
        return report.Passed ? files : throw refusal(files);
    }
}
