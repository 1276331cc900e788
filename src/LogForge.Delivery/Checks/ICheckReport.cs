namespace LogForge.Delivery.Checks;

/// <summary>A report of checks (the validation gate's, a smoke run's): shown as a table, written to artifacts/ and the step summary.</summary>
public interface ICheckReport
{
    bool Passed { get; }

    /// <summary>The names of the failed checks, in order.</summary>
    IEnumerable<string> FailedNames { get; }

    /// <summary>The terminal table, one line per check and a closing line.</summary>
    string Table { get; }

    /// <summary>Writes the report's files under artifacts/ (and appends it to the step summary when one is given); returns their paths.</summary>
    Task<IReadOnlyList<string>> WriteFilesAsync(string repoRoot, string? stepSummaryPath, CancellationToken ct);
}
