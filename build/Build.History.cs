using LogForge.Build.Engine;
using LogForge.Delivery.Ledger;
using Serilog;

namespace LogForge.Build;

/// <summary>The promotion ledger: what ran in an environment, who promoted it, on what evidence, and what was rolled back and why.</summary>
public sealed partial class Build
{
    const int HistoryLimitDefault = 20;

    [Parameter("History: how many entries to show, newest first (default 20)")]
    public int? Limit { get; set; }

    Target History => _ => _
        .Description("The promotion ledger of --env (default production) from git alone (no token, no cluster): when, who, version, digest, PR, " +
            "how it was verified, rollbacks and their reasons; table, --log-format json, step summary")
        .Validates(() => Limit is < 1 ? $"--limit {Limit} shows nothing — pass --limit 1 or more (default {HistoryLimitDefault})" : null)
        .Executes(async ct =>
        {
            var view = await LedgerHistory.ReadAsync(RootDirectory, Env.Length > 0 ? Env : "production", Limit ?? HistoryLimitDefault, ct);
            await LedgerPublisher.PublishAsync(view, JsonLogging, StepSummaryPath, Log.Logger, ct);
        });
}
