namespace LogForge.Delivery.Resilience;

/// <summary>
/// The one place each service's retry policy is made: the service's transient answers (its <c>…Faults</c>
/// classifier) in the shared pipeline (<see cref="HttpRetry"/>), as a handler for that service's HttpClient.
/// GitHub: Octokit's connection; Kubernetes: KubernetesClient's handler chain; MinIO: the Minio SDK's HttpClient.
/// </summary>
public static class ServicePolicies
{
    public static DelegatingHandler GitHub(RetryBudget budget) => new RetryHandler(HttpRetry.Pipeline("GitHub", GitHubFaults.ClassifyAsync, budget));

    public static DelegatingHandler Kubernetes(RetryBudget budget) =>
        new RetryHandler(HttpRetry.Pipeline("Kubernetes API", KubernetesFaults.ClassifyAsync, budget));

    public static DelegatingHandler Minio(RetryBudget budget) => new RetryHandler(HttpRetry.Pipeline("MinIO", MinioFaults.ClassifyAsync, budget));
}
