using Serilog;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// History's output: the table line by line, or with JSON logging one event per entry carrying every field as a property (what a
/// pipeline parses); and the Markdown appended to the step summary when one is given.
/// </summary>
public static class LedgerPublisher
{
    public static async Task PublishAsync(LedgerView view, bool json, string? stepSummaryPath, ILogger log, CancellationToken ct)
    {
        if (json) WriteEvents(view, log);
        else foreach (var line in LedgerTable.Format(view).Split('\n')) log.Information("{Line}", line);
        if (stepSummaryPath is not null)
            await File.AppendAllTextAsync(stepSummaryPath, LedgerMarkdown.Render(view) + "\n", ct);
    }

    private static void WriteEvents(LedgerView view, ILogger log)
    {
        log.Information("Ledger of {Environment} ({ValuesFile}) on {Source}: {Shown} of {Total} changes", view.Environment, view.ValuesFile,
            view.Source, view.Entries.Count, view.Total);
        foreach (var e in view.Entries)
        {
            var r = e.Record;
            log.ForContext("Commit", e.Commit).ForContext("When", e.When.ToUniversalTime().ToString("O"))
                .ForContext("ImageDigest", r?.ImageDigest).ForContext("PullRequest", e.PullRequest)
                .ForContext("StagingRevision", r?.StagingRevision).ForContext("Smoke", r?.Smoke).ForContext("Gate", r?.Gate)
                .ForContext("RunUrl", r?.RunUrl).ForContext("RejectedVersion", r?.RejectedVersion).ForContext("Reason", r?.Reason)
                .ForContext("Forced", r?.Forced ?? false).ForContext("HasRecord", r is not null)
                .Information("{Kind} {Version} by {Who}: {What}", e.Kind, e.Version, e.Who, LedgerTable.What(e));
        }
    }
}
