using System.Globalization;
using Polly;
using Polly.Retry;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// The one retry pipeline of the HTTP clients (Polly 8): an answer the service's <see cref="FaultClassifier"/> calls
/// transient is asked again — when the server said (Retry-After, a rate limit's reset), else after capped exponential
/// backoff with jitter — for as long as the budget's wait timeout allows, counted from the first transient answer.
/// Before each wait one progress line says what happened, what is awaited and until when. A final answer, or the last
/// one when the next wait would end past the deadline, goes back to the caller unchanged (it reports it in one line).
/// </summary>
public static class HttpRetry
{
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("logforge.request");
    private static readonly ResiliencePropertyKey<PlannedRetry> PlanKey = new("logforge.retry-plan");
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("logforge.retry-deadline");

    private sealed record PlannedRetry(TransientFault Fault, TimeSpan Delay, DateTimeOffset Deadline);

    public static ResiliencePipeline<HttpResponseMessage> Pipeline(string service, FaultClassifier classify, RetryBudget budget)
    {
        var options = new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = service,
            MaxRetryAttempts = int.MaxValue, // the deadline ends the retries, not a count
            ShouldHandle = args => ShouldRetryAsync(service, classify, budget, args),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(PlanKey, null!).Delay),
            OnRetry = args =>
            {
                Announce(service, budget, args.Context, args.AttemptNumber + 1);
                return default;
            },
        };
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = budget.Time }.AddRetry(options).Build();
    }

    private static async ValueTask<bool> ShouldRetryAsync(string service, FaultClassifier classify, RetryBudget budget,
        RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Context.CancellationToken.IsCancellationRequested) return false;
        var request = args.Context.Properties.GetValue(RequestKey, null!);
        var now = budget.Time.GetUtcNow();
        var fault = await classify(request, args.Outcome, now).ConfigureAwait(false);
        if (fault is null) return false;

        if (!args.Context.Properties.TryGetValue(DeadlineKey, out var deadline))
            args.Context.Properties.Set(DeadlineKey, deadline = now + budget.WaitTimeout);
        var delay = DelayFor(fault, args.AttemptNumber, budget, now);
        if (now + delay > deadline)
        {
            budget.Log.Warning("{Service}: {What} to {Method} {Path} — not asking again: the next try ({When}) would come after the wait timeout " +
                "({Timeout}, until {Deadline} UTC)", service, fault.What, request.Method, request.RequestUri?.AbsolutePath,
                At(now + delay), Duration(budget.WaitTimeout), At(deadline));
            return false;
        }
        args.Context.Properties.Set(PlanKey, new PlannedRetry(fault, delay, deadline));
        return true;
    }

    /// <summary>When the server said, else backoff: base × 2^attempt capped at the maximum, the upper half jittered
    /// (a client that waits never waits less than half the backoff; many clients do not retry in step).</summary>
    internal static TimeSpan DelayFor(TransientFault fault, int attempt, RetryBudget budget, DateTimeOffset now)
    {
        var backoff = Backoff(budget.BaseDelay, budget.MaxDelay, attempt);
        var delay = fault.RetryAt is { } at ? Positive(at - now) + TimeSpan.FromSeconds(1) // reset times are whole seconds
            : fault.ServerDelay ?? backoff;
        if (fault.AtLeast is { } minimum)
            delay = Max(delay, minimum * Math.Pow(2, Math.Min(attempt, 10)));
        return delay;
    }

    private static TimeSpan Backoff(TimeSpan baseDelay, TimeSpan maxDelay, int attempt)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt, 30));
        var capped = exponential > maxDelay ? maxDelay : exponential;
        return capped * (0.5 + Random.Shared.NextDouble() / 2);
    }

    private static void Announce(string service, RetryBudget budget, ResilienceContext context, int retry)
    {
        var plan = context.Properties.GetValue(PlanKey, null!);
        var request = context.Properties.GetValue(RequestKey, null!);
        var resume = budget.Time.GetUtcNow() + plan.Delay;
        budget.Log.Information("{Service}: {What} to {Method} {Path} — asking again in {Delay} (at {Resume} UTC, retry {Retry}); " +
            "giving up after {Deadline} UTC", service, plan.Fault.What, request.Method, request.RequestUri?.AbsolutePath,
            Duration(plan.Delay), At(resume), retry, At(plan.Deadline));
    }

    internal static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        { TotalMinutes: < 60 } => span.Seconds == 0 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };

    private static string At(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
