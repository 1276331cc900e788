using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// An answer worth asking again: what it was ("503 Service Unavailable", "GitHub's secondary rate limit") and when the
/// server said to come back — after <see cref="ServerDelay"/> (Retry-After), at <see cref="RetryAt"/> (a rate limit's
/// reset time), not before <see cref="AtLeast"/> (GitHub's secondary limit without a header), or, with none of them,
/// after the budget's backoff.
/// </summary>
public sealed record TransientFault(string What)
{
    public TimeSpan? ServerDelay { get; init; }
    public DateTimeOffset? RetryAt { get; init; }
    public TimeSpan? AtLeast { get; init; }
}

/// <summary>Decides whether one outcome of one request is transient (null: final — hand it to the caller as it is).
/// May read the response body (it is buffered, so the caller can still read it).</summary>
public delegate ValueTask<TransientFault?> FaultClassifier(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, DateTimeOffset now);
