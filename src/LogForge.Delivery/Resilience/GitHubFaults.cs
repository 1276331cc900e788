using System.Text.Json;
using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// GitHub's transient answers, as its REST docs ("Rate limits for the REST API", "Best practices for using the REST
/// API") describe them: the primary rate limit — 403 or 429 with <c>x-ratelimit-remaining: 0</c>, come back at
/// <c>x-ratelimit-reset</c> (epoch seconds); the secondary rate limit — 403 or 429 with <c>retry-after</c>, or its
/// message without one: wait at least a minute, then exponentially longer; and 500/502/503/504. Any other 403 is a
/// permission ("Resource not accessible by integration") and final, as are 401, 404 and 422.
/// Retrying a write is safe for the calls the flows make: a pull request created twice answers 422 "already exists"
/// and the flow reuses it; an update carries the whole title and body.
/// </summary>
public static class GitHubFaults
{
    public static readonly TimeSpan SecondaryLimitMinimum = TimeSpan.FromMinutes(1);

    public static async ValueTask<TransientFault?> ClassifyAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
    {
        if (outcome.Exception is { } exception) return ConnectionFaults.Classify(exception);
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is 500 or 502 or 503 or 504) return new TransientFault($"{status} {response.ReasonPhrase}");
        if (status is not (403 or 429)) return null;

        if (RetryAfter.Header(response, "x-ratelimit-remaining") == "0")
            return new TransientFault($"{status}: the primary rate limit is used up (x-ratelimit-remaining: 0)")
            {
                RetryAt = RetryAfter.EpochSeconds(response, "x-ratelimit-reset"),
                ServerDelay = RetryAfter.Delay(response, now),
                AtLeast = RetryAfter.EpochSeconds(response, "x-ratelimit-reset") is null && RetryAfter.Delay(response, now) is null
                    ? SecondaryLimitMinimum
                    : null,
            };
        if (RetryAfter.Delay(response, now) is { } delay)
            return new TransientFault($"{status}: the secondary rate limit (retry-after {(int)delay.TotalSeconds} s)") { ServerDelay = delay };
        var message = await MessageAsync(response).ConfigureAwait(false);
        return message.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase)
            ? new TransientFault($"{status}: the secondary rate limit (\"{message}\", no retry-after)") { AtLeast = SecondaryLimitMinimum }
            : null;
    }

    /// <summary>GitHub's error <c>message</c>; the content is buffered, so Octokit still reads it afterwards.</summary>
    private static async Task<string> MessageAsync(HttpResponseMessage response)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
