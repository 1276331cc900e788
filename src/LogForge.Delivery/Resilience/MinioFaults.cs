using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>S3's transient answers (AWS S3 error responses: 500 InternalError, 503 SlowDown / ServiceUnavailable, and
/// 502/504 from a proxy in front of MinIO) and reset connections. Every S3 call the build makes is idempotent (a bucket
/// made twice answers BucketAlreadyOwnedByYou), so every method is retried.</summary>
public static class MinioFaults
{
    public static ValueTask<TransientFault?> ClassifyAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
    {
        if (outcome.Exception is { } exception) return ValueTask.FromResult(ConnectionFaults.Classify(exception));
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        return ValueTask.FromResult(status is 500 or 502 or 503 or 504
            ? new TransientFault($"{status} {response.ReasonPhrase}") { ServerDelay = RetryAfter.Delay(response, now) }
            : null);
    }
}
