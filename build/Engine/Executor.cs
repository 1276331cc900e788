using System.Diagnostics;
using Serilog;

namespace LogForge.Build.Engine;

/// <summary>Runs a plan: one target at a time, or every ready target at once with --parallel.
/// A failure stops the run unless the failed target says ProceedAfterFailure; dependents of a
/// failed target never run; cancellation marks running targets Aborted.</summary>
internal sealed class Executor(ExecutionPlan plan, TargetGraph graph, bool parallel, ILogger log, OutputActivity activity)
{
    private static readonly TimeSpan StatusAfterSilence = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<TargetDefinition, TargetResult> _results = [];
    private readonly List<string> _timeline = [];
    private readonly Dictionary<TargetDefinition, Stopwatch> _running = [];
    private string? _stoppedBy;

    public IReadOnlyList<string> Timeline => _timeline;

    public async Task<IReadOnlyList<TargetResult>> RunAsync(CancellationToken cancellation)
    {
        var remaining = plan.Order.ToList();
        var tasks = new Dictionary<Task<TargetResult>, TargetDefinition>();
        using var statusLine = new CancellationTokenSource();
        var status = ReportWhileSilentAsync(statusLine.Token);

        while (remaining.Count > 0 || tasks.Count > 0)
        {
            foreach (var target in remaining.ToList())
            {
                if (tasks.Count > 0 && !parallel) break;
                if (!plan.PredecessorsOf(target).All(_results.ContainsKey)) continue;
                remaining.Remove(target);
                if (DecideWithoutRunning(target, cancellation) is { } decided)
                {
                    _results[target] = decided;
                    continue;
                }
                tasks[RunTargetAsync(target, cancellation)] = target;
                if (!parallel) break;
            }

            if (tasks.Count == 0) continue;
            var finished = await Task.WhenAny(tasks.Keys).ConfigureAwait(false);
            var definition = tasks[finished];
            tasks.Remove(finished);
            var result = await finished.ConfigureAwait(false);
            _results[definition] = result;
            if (result.Status == TargetStatus.Failed && !definition.ProceedsAfterFailure) _stoppedBy ??= definition.Name;
        }

        await statusLine.CancelAsync().ConfigureAwait(false);
        await status.ConfigureAwait(false);
        return plan.Order.Select(t => _results[t]).ToList();
    }

    private TargetResult? DecideWithoutRunning(TargetDefinition target, CancellationToken cancellation)
    {
        TargetResult NotRun(string note) => new(target.Name, TargetStatus.NotRun, TimeSpan.Zero, note);

        if (cancellation.IsCancellationRequested) return NotRun("cancelled");
        if (_stoppedBy is not null) return NotRun($"build stopped after {_stoppedBy} failed");
        var brokenDependency = graph.DependenciesOf(target)
            .FirstOrDefault(d => _results.TryGetValue(d, out var r) && r.Status is TargetStatus.Failed or TargetStatus.NotRun or TargetStatus.Aborted);
        if (brokenDependency is not null) return NotRun($"dependency {brokenDependency.Name} did not succeed");
        if (plan.Skipped.TryGetValue(target, out var skipReason))
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, skipReason);
        foreach (var condition in target.Conditions)
        {
            bool holds;
            try { holds = condition.Predicate(); }
            catch (Exception e) { return new TargetResult(target.Name, TargetStatus.Failed, TimeSpan.Zero, "condition threw: " + e.Message); }
            if (!holds)
            {
                log.Information("Skipping {SkippedTarget}: {Reason}", target.Name, condition.Reason);
                return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, condition.Reason);
            }
        }
        return null;
    }

    private async Task<TargetResult> RunTargetAsync(TargetDefinition target, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        lock (_timeline)
        {
            _timeline.Add("start:" + target.Name);
            _running[target] = clock;
        }

        TargetResult result;
        using (CurrentTarget.Enter(target.Name))
        {
            try
            {
                await Task.Yield();
                log.Information("▶ started");
                foreach (var action in target.Actions) await action(cancellation).ConfigureAwait(false);
                result = new TargetResult(target.Name, TargetStatus.Succeeded, clock.Elapsed, "");
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                log.Warning("■ {AbortedTarget}: cancelled — re-run the same command to continue", target.Name);
                result = new TargetResult(target.Name, TargetStatus.Aborted, clock.Elapsed, "cancelled");
            }
            catch (Exception e)
            {
                log.Error("✗ {FailedTarget}: {Failure}", target.Name, e.Message);
                log.Debug(e, "Details");
                result = new TargetResult(target.Name, TargetStatus.Failed, clock.Elapsed, FirstLine(e.Message));
            }
        }

        lock (_timeline)
        {
            _timeline.Add("end:" + target.Name);
            _running.Remove(target);
        }
        return result;
    }

    /// <summary>On any wait longer than two seconds without output, a status line with the elapsed
    /// time; then one every five seconds while the silence lasts.</summary>
    private async Task ReportWhileSilentAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(250, stop).ConfigureAwait(false);
                var threshold = activity.LastWasStatus ? StatusInterval : StatusAfterSilence;
                if (activity.Silence < threshold) continue;
                string running;
                lock (_timeline)
                    running = string.Join(", ", _running.Select(r => $"{r.Key.Name} {r.Value.Elapsed.TotalSeconds:0}s"));
                if (running.Length == 0) continue;
                using (CurrentTarget.Enter(OutputActivity.StatusTarget))
                    log.Information("… still running: {Running}", running);
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
