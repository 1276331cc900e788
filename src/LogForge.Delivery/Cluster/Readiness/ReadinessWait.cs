using LogForge.Delivery.Waiting;
using Serilog;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>
/// Probes until every check is ready or the timeout passes (<see cref="PollWithProgress"/>, on <paramref name="time"/>, default
/// the system's), with a progress line every couple of seconds of waiting; on a timeout, each object still not ready is named
/// with its status and its latest Warning event.
/// </summary>
public sealed class ReadinessWait(ClusterConnection cluster, ILogger? log = null, TimeProvider? time = null)
{
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private readonly ILogger _log = log ?? Log.ForContext<ReadinessWait>();

    /// <summary>The last results; throws a <see cref="ClusterException"/> naming what is not ready when <paramref name="timeout"/> passes.</summary>
    public async Task<IReadOnlyList<ReadinessResult>> UntilReadyAsync(string what, IReadOnlyList<IReadinessProbe> probes, TimeSpan timeout,
        CancellationToken ct)
    {
        var poll = await new PollWithProgress(_log, time).UntilAsync(async token =>
        {
            var results = await Task.WhenAll(probes.Select(p => p.ProbeAsync(token)));
            return new PollAnswer<ReadinessResult[]>(results, results.All(r => r.Ready), $"{what}: {results.Count(r => r.Ready)}/{results.Length} ready");
        }, new PollSchedule(timeout, PollEvery, ProgressEvery) { ProgressAtOnce = false }, ct, (answer, elapsed) =>
        {
            var results = answer.Value;
            var waiting = results.Where(r => !r.Ready).ToList();
            var first = waiting.SelectMany(r => r.NotReady).First();
            _log.Information("Waiting for {What} ({Elapsed:0}s of {Timeout}): {Ready}/{Total} ready; not yet: {Checks} — e.g. {Object}: {Why}",
                what, elapsed.TotalSeconds, Format(timeout), results.Length - waiting.Count, results.Length,
                string.Join(", ", waiting.Select(w => w.Check)), first.Id, first.Why);
        });
        if (poll.Done) return poll.Last.Value;
        var notReady = poll.Last.Value.Where(r => !r.Ready).ToList();
        throw new ClusterException($"{what} not ready after {Format(timeout)} ({string.Join(", ", notReady.Select(w => w.Check))})",
            await FixAsync(notReady, ct));
    }

    /// <summary>What to do, then each object still not ready with its latest warning event, one per line.</summary>
    private async Task<string> FixAsync(IReadOnlyList<ReadinessResult> waiting, CancellationToken ct)
    {
        var events = new WarningEvents(cluster);
        var lines = new List<string>();
        foreach (var subject in waiting.SelectMany(w => w.NotReady).Take(20))
        {
            var warning = await events.LatestAsync(subject, ct);
            lines.Add($"  {subject.Id}: {subject.Why}{(warning is null ? "" : $"; last warning: {warning}")}");
        }
        return "fix what is named below, or raise --wait-timeout:\n" + string.Join("\n", lines);
    }

    private static string Format(TimeSpan span) => span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{span.TotalMinutes:0}m" : $"{span.TotalSeconds:0}s";
}
