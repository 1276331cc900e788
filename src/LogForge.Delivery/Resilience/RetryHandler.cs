using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>Runs every request of an HttpClient (Octokit's, KubernetesClient's, the Minio SDK's) through a retry
/// pipeline of <see cref="HttpRetry"/>. The request is sent again as it is: the clients' bodies are buffered
/// (string or byte content), which HttpClient can send more than once.
/// With <paramref name="attemptTimeout"/>, each attempt — until the answer's headers, and for an answer that is not a
/// stream (a watch) its whole body, which is then buffered — has that long; the retries as a whole have the budget's
/// wait timeout. A body cut off mid-way then counts as a connection fault of that attempt, not of the caller's read.</summary>
public sealed class RetryHandler(ResiliencePipeline<HttpResponseMessage> pipeline, TimeSpan? attemptTimeout = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpRetry.RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, context.CancellationToken)),
                context, (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (attemptTimeout is not { } timeout) return await base.SendAsync(request, ct).ConfigureAwait(false);

        // Real time, not the budget's clock: this bounds a wait on the network, which no test clock can shorten.
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            if (!IsStream(request))
                await response.Content.LoadIntoBufferAsync(attempt.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            response?.Dispose();
            // As HttpClient reports its own Timeout: a TaskCanceledException around a TimeoutException.
            throw new TaskCanceledException($"no answer within {HttpRetry.Duration(timeout)} to {request.Method} {request.RequestUri?.AbsolutePath}",
                new TimeoutException());
        }
        catch
        {
            response?.Dispose();
            throw;
        }
        finally
        {
            // A streamed answer is read after this returns: keep the caller's cancellation linked, drop only the timer.
            attempt.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A Kubernetes watch (?watch=true) is read as a stream for minutes; every other answer is read whole.</summary>
    private static bool IsStream(HttpRequestMessage request) =>
        request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true
        || request.RequestUri?.AbsolutePath.Contains("/watch/", StringComparison.Ordinal) == true;
}
