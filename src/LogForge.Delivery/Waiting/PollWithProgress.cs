using Serilog;

namespace LogForge.Delivery.Waiting;

/// <summary>
/// Asks until the answer is the one waited for or the deadline passes: a progress line at once (unless told otherwise) and then
/// every <see cref="PollSchedule.ProgressEvery"/>, saying what came back and until when it asks; one last ask exactly at the
/// deadline; the last answer returned either way. All time comes from the <see cref="TimeProvider"/>, so under a fake clock
/// the asks, their count and the durations are exact.
/// </summary>
public sealed class PollWithProgress(ILogger log, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary><paramref name="progress"/>: the caller's own progress line (answer, elapsed) instead of
    /// "ANSWER — asking again until TIMEOUT have passed (ELAPSED so far)".</summary>
    public async Task<PollOutcome<T>> UntilAsync<T>(Func<CancellationToken, Task<PollAnswer<T>>> ask, PollSchedule schedule, CancellationToken ct,
        Action<PollAnswer<T>, TimeSpan>? progress = null)
    {
        var started = _time.GetTimestamp();
        var nextProgress = schedule.ProgressAtOnce ? TimeSpan.Zero : schedule.ProgressEvery;
        var atDeadline = false;
        for (var attempt = 1; ; attempt++)
        {
            var answer = await ask(ct);
            var elapsed = _time.GetElapsedTime(started);
            // The ask planned for the deadline is the last one, even when a system timer woke a fraction of a millisecond early.
            if (answer.Done || atDeadline || elapsed >= schedule.Timeout)
                return new PollOutcome<T>(answer, attempt, elapsed);
            if (elapsed >= nextProgress)
            {
                if (progress is not null) progress(answer, elapsed);
                else
                    log.Information("{Answer} — asking again until {Timeout} have passed ({Elapsed} so far)",
                        answer.Description, Seconds(schedule.Timeout), Seconds(elapsed));
                nextProgress = elapsed + schedule.ProgressEvery;
            }
            var remaining = schedule.Timeout - elapsed;
            atDeadline = remaining <= schedule.Interval;
            await Task.Delay(atDeadline ? WholeMilliseconds(remaining) : schedule.Interval, _time, ct);
        }
    }

    /// <summary>Rounded up: a system timer counts whole milliseconds, and a wait of 0 would not wait at all (the asks would spin).</summary>
    private static TimeSpan WholeMilliseconds(TimeSpan span) => TimeSpan.FromMilliseconds(Math.Ceiling(span.TotalMilliseconds));

    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";
}

/// <summary>One answer: <paramref name="Done"/> when it is the one waited for; <paramref name="Description"/> says what came back
/// (the progress line and the failure quote it).</summary>
public sealed record PollAnswer<T>(T Value, bool Done, string Description);

/// <summary>How a poll ended: the last answer, how many asks it took and how long.</summary>
public sealed record PollOutcome<T>(PollAnswer<T> Last, int Attempts, TimeSpan Elapsed)
{
    public bool Done => Last.Done;
}

/// <summary>Ask every <paramref name="Interval"/> until <paramref name="Timeout"/>; a progress line at once (or, with
/// <see cref="ProgressAtOnce"/> off, after the first <paramref name="ProgressEvery"/>) and then every <paramref name="ProgressEvery"/>.</summary>
public sealed record PollSchedule(TimeSpan Timeout, TimeSpan Interval, TimeSpan ProgressEvery)
{
    public bool ProgressAtOnce { get; init; } = true;

    /// <summary>For what has just started and is not ready yet (LogForge's /ready, a Ready pod behind a Service): ask every
    /// half second, a progress line at once and then every five seconds.</summary>
    public static PollSchedule UntilReady(TimeSpan timeout) => new(timeout, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
}
