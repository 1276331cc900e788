using Polly;

namespace LogForge.Delivery.Resilience;

/// <summary>Runs every request of an HttpClient (Octokit's, KubernetesClient's, the Minio SDK's) through a retry
/// pipeline of <see cref="HttpRetry"/>. The request is sent again as it is: the clients' bodies are buffered
/// (string or byte content), which HttpClient can send more than once.</summary>
public sealed class RetryHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
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

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
}
