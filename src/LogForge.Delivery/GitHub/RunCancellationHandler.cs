namespace LogForge.Delivery.GitHub;

/// <summary>Octokit's API takes no CancellationToken on most calls: this handler, outermost below Octokit's HttpClient, ties every
/// request — its retries and their waits included — to the run's token, so a cancelled run aborts the request in flight
/// instead of waiting for GitHub's answer.</summary>
internal sealed class RunCancellationHandler(CancellationToken run) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!run.CanBeCanceled) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, run);
        try
        {
            return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            throw new OperationCanceledException("the run was cancelled", run);
        }
    }
}
