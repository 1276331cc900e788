using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class ParallelAndCancellationTests : IDisposable
{
    /// <summary>How long a wait for the other side may take before the test counts as hung: load never reaches it.</summary>
    private static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);

    private readonly TestRun _run = new();

    /// <summary>Left and Right each wait until the other has started: they can only both succeed when they overlap. How long each
    /// waits for the other (<paramref name="patience"/>) decides nothing but how long a failure takes: one at a time, the
    /// other can never start while the first waits.</summary>
    private sealed class RendezvousBuild(TimeSpan patience) : BuildBase
    {
        private readonly SemaphoreSlim _leftStarted = new(0);
        private readonly SemaphoreSlim _rightStarted = new(0);

        Target Setup => _ => _.Executes(() => { });
        Target Left => _ => _.DependsOn(Setup).Executes(async ct => await Meet(_leftStarted, _rightStarted, ct));
        Target Right => _ => _.DependsOn(Setup).Executes(async ct => await Meet(_rightStarted, _leftStarted, ct));
        Target Both => _ => _.DependsOn(Left, Right).Executes(() => { });

        private async Task Meet(SemaphoreSlim mine, SemaphoreSlim theirs, CancellationToken ct)
        {
            mine.Release();
            if (!await theirs.WaitAsync(patience, ct))
                throw new TimeoutException("the other target never started while this one ran");
            theirs.Release();
        }
    }

    [Fact]
    public void With_parallel_independent_targets_overlap()
    {
        var result = _run.Run(new RendezvousBuild(HungAfter), "Both", "--parallel");
        Assert.Equal(0, result.ExitCode);
        var timeline = result.Timeline.ToList();
        var firstEndOfLeftOrRight = Math.Min(timeline.IndexOf("end:Left"), timeline.IndexOf("end:Right"));
        Assert.True(timeline.IndexOf("end:Setup") < timeline.IndexOf("start:Left"));
        Assert.True(timeline.IndexOf("start:Left") < firstEndOfLeftOrRight, string.Join(" ", timeline));
        Assert.True(timeline.IndexOf("start:Right") < firstEndOfLeftOrRight, string.Join(" ", timeline));
        Assert.True(Math.Max(timeline.IndexOf("end:Left"), timeline.IndexOf("end:Right")) < timeline.IndexOf("start:Both"));
    }

    [Fact]
    public void Without_parallel_targets_run_one_at_a_time()
    {
        var result = _run.Run(new RendezvousBuild(TimeSpan.FromMilliseconds(200)), "Both");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["start:Setup", "end:Setup", "start:Left", "end:Left"], result.Timeline);
        Assert.Equal(TargetStatus.Failed, TestRun.StatusOf(result, "Left"));
    }

    [Fact]
    public void Parallel_output_is_tagged_with_the_target()
    {
        _run.Run(new RendezvousBuild(HungAfter), "Both", "--parallel", "--log-format", "json");
        Assert.Contains("\"Target\":\"Left\"", _run.Output);
    }

    private sealed class SlowBuild : BuildBase
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Target Wait => _ => _.Executes(async ct =>
        {
            Started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        Target After => _ => _.DependsOn(Wait).Executes(() => { });
    }

    [Fact]
    public async Task Cancellation_aborts_the_running_target_and_exits_130()
    {
        var build = new SlowBuild();
        using var cancellation = new CancellationTokenSource();
        var run = Task.Run(() => _run.Run(build, "After", cancellation.Token));
        await build.Started.Task.WaitAsync(HungAfter);
        await cancellation.CancelAsync();
        var result = await run.WaitAsync(HungAfter);

        Assert.Equal(BuildRunner.Cancelled, result.ExitCode);
        Assert.Equal(TargetStatus.Aborted, TestRun.StatusOf(result, "Wait"));
        Assert.Equal(TargetStatus.NotRun, TestRun.StatusOf(result, "After"));
        Assert.Contains("Build aborted", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}
