using System.Globalization;

namespace LogForge.Delivery.Resilience;

/// <summary>The headers servers use to say when to come back: <c>Retry-After</c> (RFC 9110 §10.2.3: delay-seconds or an
/// HTTP-date) and GitHub's <c>x-ratelimit-reset</c> (epoch seconds).</summary>
public static class RetryAfter
{
    /// <summary>Retry-After as a delay from <paramref name="now"/>; null when absent or unreadable.</summary>
    public static TimeSpan? Delay(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }

    /// <summary>An epoch-seconds header (x-ratelimit-reset) as a time; null when absent or not a number.</summary>
    public static DateTimeOffset? EpochSeconds(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The first value of a header, or null.</summary>
    public static string? Header(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.FirstOrDefault() : null;
}
