using System.Text.Json;
using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// The Kubernetes API server's transient answers, retried as client-go's rest client does (request.go: checkWait,
/// IsRetryableError) and, for writes, only where a second copy of the request cannot do the work twice:
/// <list type="bullet">
/// <item>429 TooManyRequests (API Priority and Fairness, max-in-flight) for any request: the server refused it before
/// doing anything. Wait for <c>Retry-After</c>, else the Status body's <c>details.retryAfterSeconds</c>.</item>
/// <item>500/502/503/504 and a connection reset — where the request may or may not have been done — for requests whose
/// repetition is harmless (<see cref="RepeatSafety"/>): reads (GET); dry runs (<c>dryRun=All</c>: nothing is stored);
/// server-side apply (the same intent applied twice is the same object); a create (POST: if the first copy was stored,
/// the second answers 409 AlreadyExists, which every caller treats as done — EnsureNamespace, MinioRootSecret); a patch
/// guarded by <c>metadata.resourceVersion</c> (if the first copy was stored, the resourceVersion moved and the second
/// answers 409 Conflict; the caller re-reads and sees its own change — ManualSync).</item>
/// <item>Nothing else: an unguarded merge patch, a delete, an update without a resourceVersion could do their work twice
/// (a second Argo CD operation) — the build sends none, and they would fail at once.</item>
/// </list>
/// 409 Conflict itself is never retried here: only the caller knows whether to re-read and re-apply its intent.
/// </summary>
public static class KubernetesFaults
{
    public static async ValueTask<TransientFault?> ClassifyAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
    {
        if (outcome.Exception is { } exception)
            return await RepeatSafety.IsSafeAsync(request).ConfigureAwait(false) ? ConnectionFaults.Classify(exception) : null;
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status == 429)
            return new TransientFault("429 TooManyRequests")
            {
                ServerDelay = RetryAfter.Delay(response, now) ?? await StatusRetryAfterAsync(response).ConfigureAwait(false),
            };
        if (status is 500 or 502 or 503 or 504 && await RepeatSafety.IsSafeAsync(request).ConfigureAwait(false))
            return new TransientFault($"{status} {response.ReasonPhrase}")
            {
                ServerDelay = RetryAfter.Delay(response, now) ?? await StatusRetryAfterAsync(response).ConfigureAwait(false),
            };
        return null;
    }

    /// <summary>metav1.Status <c>details.retryAfterSeconds</c>; the content is buffered, so the client still reads it.</summary>
    private static async Task<TimeSpan?> StatusRetryAfterAsync(HttpResponseMessage response)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("retryAfterSeconds", out var seconds) && seconds.TryGetInt32(out var value) && value > 0
                ? TimeSpan.FromSeconds(value) : null;
        }
        catch (JsonException)
        {
            return null; // APF's 429 is plain text ("Too many requests, please try again later."): Retry-After says it all
        }
    }
}
