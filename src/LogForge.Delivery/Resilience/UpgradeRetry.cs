using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// The port-forward WebSocket's upgrade request, asked again on a transient answer. ClientWebSocket connects by itself,
/// outside KubernetesClient's handler chain, so <see cref="ServicePolicies.Kubernetes"/> never sees it. API Priority and
/// Fairness does not limit port-forward (a long-running request, apiserver filters/priority-and-fairness.go), but a
/// 500/502/503/504 answers an upgrade when the kubelet or a proxy in front of the API server is briefly away; opening a
/// stream stores nothing, so the upgrade is repeated — capped backoff with jitter, within the budget's wait timeout, a
/// progress line before each wait. .NET reports a refused upgrade only as a WebSocketException naming the status
/// ("The server returned status code '503' when status code '101' was expected."), without Retry-After.
/// </summary>
public static partial class UpgradeRetry
{
    public static async Task<WebSocket> ConnectAsync(string what, RetryBudget budget, Func<CancellationToken, Task<WebSocket>> connect, CancellationToken ct)
    {
        DateTimeOffset? deadline = null;
        TimeSpan delay = default;
        var options = new RetryStrategyOptions
        {
            Name = "Kubernetes port-forward",
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args =>
            {
                if (args.Outcome.Exception is not WebSocketException e || StatusOf(e) is not (429 or 500 or 502 or 503 or 504) || ct.IsCancellationRequested)
                    return ValueTask.FromResult(false);
                var now = budget.Time.GetUtcNow();
                deadline ??= now + budget.WaitTimeout;
                delay = HttpRetry.DelayFor(new TransientFault($"{StatusOf(e)}"), args.AttemptNumber, budget, now);
                if (now + delay <= deadline) return ValueTask.FromResult(true);
                budget.Log.Warning("Kubernetes API: {Status} to the port-forward upgrade of {What} — not asking again: " +
                    "the wait timeout ({Timeout}) ends first",
                    StatusOf(e), what, HttpRetry.Duration(budget.WaitTimeout));
                return ValueTask.FromResult(false);
            },
            DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(delay),
            OnRetry = args =>
            {
                budget.Log.Information("Kubernetes API: {Status} to the port-forward upgrade of {What} — asking again in {Delay} (retry {Retry}); " +
                    "giving up after {Deadline:HH:mm:ss} UTC",
                    StatusOf((WebSocketException)args.Outcome.Exception!), what, HttpRetry.Duration(delay), args.AttemptNumber + 1,
                    deadline!.Value.UtcDateTime);
                return default;
            },
        };
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = budget.Time }.AddRetry(options).Build();
        return await pipeline.ExecuteAsync(async token => await connect(token).ConfigureAwait(false), ct).ConfigureAwait(false);
    }

    /// <summary>The HTTP status a refused upgrade answered, from the WebSocketException's text; null when it names none.</summary>
    public static int? StatusOf(WebSocketException e) =>
        StatusCode().Match(e.Message) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"status code '(\d{3})'")]
    private static partial Regex StatusCode();
}
