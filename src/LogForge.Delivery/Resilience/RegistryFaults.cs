using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>An OCI registry's transient answers: 429 TOOMANYREQUESTS (with its Retry-After), 500/502/503/504 and reset
/// connections. The registry calls are reads (HEAD/GET of a manifest, GET of a token), so each is asked again.</summary>
public static class RegistryFaults
{
    public static ValueTask<TransientFault?> ClassifyAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
    {
        if (outcome.Exception is { } exception) return ValueTask.FromResult(ConnectionFaults.Classify(exception));
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        return ValueTask.FromResult(status is 429 or 500 or 502 or 503 or 504
            ? new TransientFault($"{status} {response.ReasonPhrase}") { ServerDelay = RetryAfter.Delay(response, now) }
            : null);
    }
}
