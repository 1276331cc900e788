namespace LogForge.Delivery.Validation;

/// <summary>
/// The checks that need a cluster (Argo CD application status, endpoints, MinIO). They are not
/// implemented offline; without a configured cluster they are reported as skipped, with the reason.
/// </summary>
public static class ClusterChecks
{
    public const string NoClusterReason = "no cluster configured";

    public static readonly IReadOnlyList<string> Names =
    [
        "Cluster: Argo CD application status",
        "Cluster: endpoints /health /ready /version",
        "Cluster: MinIO pod and buckets",
    ];

    public static IReadOnlyList<CheckResult> SkippedWithoutCluster() =>
        Names.Select(n => CheckResult.Skip(n, NoClusterReason)).ToList();
}
