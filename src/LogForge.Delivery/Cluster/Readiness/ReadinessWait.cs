using System.Diagnostics;
using Serilog;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>
/// Probes until every check is ready or the timeout passes, with a progress line every couple of
/// seconds of waiting; on a timeout, each object still not ready is named with its status and its
/// latest Warning event.
/// </summary>
public sealed class ReadinessWait(ClusterConnection cluster, ILogger? log = null)
{
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private readonly ILogger _log = log ?? Log.ForContext<ReadinessWait>();

    /// <summary>The last results; throws a <see cref="ClusterException"/> naming what is not ready when <paramref name="timeout"/> passes.</summary>
    public async Task<IReadOnlyList<ReadinessResult>> UntilReadyAsync(string what, IReadOnlyList<IReadinessProbe> probes, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var results = await Task.WhenAll(probes.Select(p => p.ProbeAsync(ct)));
            var waiting = results.Where(r => !r.Ready).ToList();
            if (waiting.Count == 0) return results;

            if (clock.Elapsed >= timeout)
                throw new ClusterException(await TimeoutMessageAsync(what, waiting, timeout, ct));
            if (clock.Elapsed - lastProgress >= ProgressEvery)
            {
                lastProgress = clock.Elapsed;
                var first = waiting.SelectMany(r => r.NotReady).First();
                _log.Information("Waiting for {What} ({Elapsed:0}s of {Timeout}): {Ready}/{Total} ready; not yet: {Checks} — e.g. {Object}: {Why}",
                    what, clock.Elapsed.TotalSeconds, Format(timeout), results.Length - waiting.Count, results.Length,
                    string.Join(", ", waiting.Select(w => w.Check)), first.Id, first.Why);
            }
            await Task.Delay(PollEvery, ct);
        }
    }

    private async Task<string> TimeoutMessageAsync(string what, IReadOnlyList<ReadinessResult> waiting, TimeSpan timeout, CancellationToken ct)
    {
        var events = new WarningEvents(cluster);
        var lines = new List<string>();
        foreach (var subject in waiting.SelectMany(w => w.NotReady).Take(20))
        {
            var warning = await events.LatestAsync(subject, ct);
            lines.Add($"  {subject.Id}: {subject.Why}{(warning is null ? "" : $"; last warning: {warning}")}");
        }
        return $"{what} not ready after {Format(timeout)} ({string.Join(", ", waiting.Select(w => w.Check))}) — fix what is named below, or raise --wait-timeout:\n"
            + string.Join("\n", lines);
    }

    private static string Format(TimeSpan span) => span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{span.TotalMinutes:0}m" : $"{span.TotalSeconds:0}s";
}
