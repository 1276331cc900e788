using System.Text.Json;
using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>
/// The Kubernetes API server's transient answers, retried as client-go's rest client does (request.go: checkWait,
/// IsRetryableError): 429 TooManyRequests from API Priority and Fairness with <c>Retry-After</c> (or the Status body's
/// <c>details.retryAfterSeconds</c>) for any request — the server did not process it; 500/502/503/504 for reads and
/// for server-side apply (applying the same intent twice is the same object); a connection reset for reads only.
/// 409 Conflict is not retried here: the caller re-reads and re-applies its intent.
/// </summary>
public static class KubernetesFaults
{
    public static async ValueTask<TransientFault?> ClassifyAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
    {
        var read = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
        if (outcome.Exception is { } exception) return read ? ConnectionFaults.Classify(exception) : null;
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status == 429)
            return new TransientFault("429 TooManyRequests") { ServerDelay = RetryAfter.Delay(response, now) ?? await StatusRetryAfterAsync(response).ConfigureAwait(false) };
        if (status is 500 or 502 or 503 or 504 && (read || IsServerSideApply(request)))
            return new TransientFault($"{status} {response.ReasonPhrase}") { ServerDelay = RetryAfter.Delay(response, now) };
        return null;
    }

    private static bool IsServerSideApply(HttpRequestMessage request) =>
        request.Method == HttpMethod.Patch && request.Content?.Headers.ContentType?.MediaType == "application/apply-patch+yaml";

    /// <summary>metav1.Status <c>details.retryAfterSeconds</c>; the content is buffered, so the client still reads it.</summary>
    private static async Task<TimeSpan?> StatusRetryAfterAsync(HttpResponseMessage response)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return json.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("retryAfterSeconds", out var seconds) && seconds.TryGetInt32(out var value) && value > 0
                ? TimeSpan.FromSeconds(value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
