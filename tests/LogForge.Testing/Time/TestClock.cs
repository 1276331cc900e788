using Microsoft.Extensions.Time.Testing;

namespace LogForge.Testing.Time;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows when the code under test waits on it: every timer it hands out is tracked,
/// so a test can wait for the moment the code sleeps (<see cref="WaitingAsync"/>) and move time on exactly then, instead of
/// racing it. <see cref="RunAsync{T}"/> plays a poll loop to its end: each time the code waits, time jumps to that timer.
/// Waiting for the code is bounded by a generous real-time limit (<see cref="HungAfter"/>): past it the test is hung, not slow.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    public static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly List<TrackedTimer> _timers = [];
    private TaskCompletionSource _timerChanged = NewSignal();

    private readonly DateTimeOffset _start;

    public TestClock() => _start = GetUtcNow();

    /// <summary>The time passed since the clock was made.</summary>
    public TimeSpan Elapsed => GetUtcNow() - _start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this);
        timer.Inner = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            timer.Schedule(dueTime, period);
            _timers.Add(timer);
        }
        Signal();
        return timer;
    }

    /// <summary>Completes when the code waits on a timer of this clock that is still to fire; returns when it is due.</summary>
    public async Task<DateTimeOffset> WaitingAsync() => (await NextTimerAsync(null))!.Value;

    /// <summary>Waits until the code waits on this clock, then moves time on by <paramref name="delta"/>.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan delta)
    {
        await WaitingAsync();
        Advance(delta);
    }

    /// <summary>Until <paramref name="work"/> ends: whenever it waits on this clock, time moves to the timer it waits for —
    /// after <paramref name="beforeEachStep"/> (e.g. the fake cluster settling) when given.</summary>
    public async Task<T> RunAsync<T>(Task<T> work, Func<Task>? beforeEachStep = null)
    {
        while (await NextTimerAsync(work) is { } due)
        {
            if (beforeEachStep is not null) await beforeEachStep();
            SetUtcNow(due);
        }
        return await work;
    }

    /// <summary>The due time of the next pending timer once there is one, or null when <paramref name="work"/> ended first.</summary>
    private async Task<DateTimeOffset?> NextTimerAsync(Task? work)
    {
        var hung = Task.Delay(HungAfter);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var now = GetUtcNow();
                var pending = _timers.Select(t => t.NextDue(now)).Where(d => d is not null).Min();
                if (pending is not null) return pending;
                changed = _timerChanged.Task;
            }
            if (work is { IsCompleted: true }) return null;
            var first = await Task.WhenAny(work ?? Task.Delay(Timeout.Infinite), changed, hung);
            if (first == hung)
                throw new TimeoutException($"the code under test neither finished nor waited on the clock within {HungAfter.TotalSeconds:0} s");
        }
    }

    private void Signal()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            signal = _timerChanged;
            _timerChanged = NewSignal();
        }
        signal.TrySetResult();
    }

    private void Forget(TrackedTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class TrackedTimer(TestClock clock) : ITimer
    {
        private DateTimeOffset? _firstDue;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            _firstDue = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            _period = period;
        }

        /// <summary>When it fires next after <paramref name="now"/>, or null when it will not.</summary>
        public DateTimeOffset? NextDue(DateTimeOffset now)
        {
            if (_firstDue is not { } due) return null;
            if (due > now) return due;
            if (_period <= TimeSpan.Zero || _period == Timeout.InfiniteTimeSpan) return null;
            var periods = (long)((now - due) / _period) + 1;
            return due + _period * periods;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate) Schedule(dueTime, period);
            clock.Signal();
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Forget(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Forget(this);
            return Inner.DisposeAsync();
        }
    }
}
