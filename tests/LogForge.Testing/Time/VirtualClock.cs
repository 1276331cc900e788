using Microsoft.Extensions.Time.Testing;

namespace LogForge.Testing.Time;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose time jumps forward to each timer's due time as soon as the timer is set:
/// code that waits on it (a retry's backoff, a rate limit's reset a minute away) waits no real time, and the clock
/// tells how long it would have waited (<see cref="Elapsed"/>). Use it only where nothing else the test waits for
/// happens in real time — a fake controller that makes a pod Ready after 300 real milliseconds would lose the race
/// against a clock that jumps.
/// </summary>
public sealed class VirtualClock : FakeTimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly Lock _gate = new();
    private readonly Lock _jump = new(); // one jump at a time (due timers fire inside it; CreateTimer takes only _gate)

    public VirtualClock() : this(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)) { }

    public VirtualClock(DateTimeOffset start) : base(start) => _start = start;

    /// <summary>How far the clock has moved since it was made.</summary>
    public TimeSpan Elapsed => GetUtcNow() - _start;

    /// <summary>Every wait asked for, in order (a timer's due time when it was set).</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate) return [.. _waits];
        }
    }

    private readonly List<TimeSpan> _waits = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            DateTimeOffset due;
            lock (_gate)
            {
                _waits.Add(dueTime);
                due = GetUtcNow() + dueTime;
            }
            // Asynchronously: the caller has not stored the timer yet, and firing inside CreateTimer would run its callback first.
            ThreadPool.QueueUserWorkItem(_ => JumpTo(due));
        }
        return timer;
    }

    private void JumpTo(DateTimeOffset due)
    {
        lock (_jump)
        {
            if (GetUtcNow() < due) SetUtcNow(due);
        }
    }
}
