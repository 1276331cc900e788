namespace LogForge.Delivery.Resilience;

/// <summary>
/// The one place each service's retry policy is made: the service's transient answers (its <c>…Faults</c>
/// classifier) in the shared pipeline (<see cref="HttpRetry"/>), as a handler for that service's HttpClient.
/// GitHub: Octokit's connection; Kubernetes: KubernetesClient's handler chain (ClusterConnection.Open); MinIO: the
/// Minio SDK's HttpClient (MinioBuckets). Kubernetes and MinIO bound each attempt by <c>attemptTimeout</c> (the
/// request timeout) and the retries together by the budget's wait timeout. The port-forward WebSocket, which does not
/// pass the client's handlers, has its upgrade repeated by <see cref="KubernetesUpgradeAsync"/> (<see cref="UpgradeRetry"/>).
/// </summary>
public static class ServicePolicies
{
    public static DelegatingHandler GitHub(RetryBudget budget) => new RetryHandler(HttpRetry.Pipeline("GitHub", GitHubFaults.ClassifyAsync, budget));

    public static DelegatingHandler Kubernetes(RetryBudget budget) => Kubernetes(budget, null);

    public static DelegatingHandler Kubernetes(RetryBudget budget, TimeSpan? attemptTimeout) =>
        new RetryHandler(HttpRetry.Pipeline("Kubernetes API", KubernetesFaults.ClassifyAsync, budget), attemptTimeout);

    public static DelegatingHandler Minio(RetryBudget budget) => Minio(budget, null);

    public static DelegatingHandler Minio(RetryBudget budget, TimeSpan? attemptTimeout) =>
        new RetryHandler(HttpRetry.Pipeline("MinIO", MinioFaults.ClassifyAsync, budget), attemptTimeout);

    /// <summary>An HttpClient for the Minio SDK (<c>WithHttpClient</c>) whose requests go through <see cref="Minio(RetryBudget, TimeSpan?)"/>.</summary>
    public static HttpClient MinioHttpClient(RetryBudget budget, TimeSpan attemptTimeout)
    {
        var handler = Minio(budget, attemptTimeout);
        handler.InnerHandler = new SocketsHttpHandler();
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>An HttpClient for an OCI registry (<see cref="Registry.RegistryClient"/>) whose requests go through <see cref="RegistryFaults"/>.</summary>
    public static HttpClient RegistryHttpClient(RetryBudget budget, TimeSpan attemptTimeout) =>
        new(new RetryHandler(HttpRetry.Pipeline("registry", RegistryFaults.ClassifyAsync, budget), attemptTimeout) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Opens a Kubernetes WebSocket (port-forward) with <paramref name="connect"/>, repeating a transient refusal of the upgrade.</summary>
    public static Task<System.Net.WebSockets.WebSocket> KubernetesUpgradeAsync(string what, RetryBudget budget,
        Func<CancellationToken, Task<System.Net.WebSockets.WebSocket>> connect, CancellationToken ct) =>
        UpgradeRetry.ConnectAsync(what, budget, connect, ct);
}
