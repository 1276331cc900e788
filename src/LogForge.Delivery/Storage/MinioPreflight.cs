using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Cluster.PortForward;
using LogForge.Delivery.Cluster.Readiness;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Resilience;
using Serilog;

namespace LogForge.Delivery.Storage;

/// <summary>How to reach MinIO: an endpoint and credentials given by the operator, else (empty) the lab's.</summary>
public sealed record MinioEndpointOptions(string Endpoint, string AccessKey, string SecretKey);

public sealed record MinioPreflightReport(ReadinessResult Pod, MinioAccess Access, IReadOnlyList<BucketCheck> Buckets);

/// <summary>
/// Step 4 of the manual plan: the MinIO pod (-n storage -l app=minio) is Ready, and the buckets the
/// policy names exist — missing ones created (`mc mb --ignore-existing`), or, read-only for the gate,
/// reported. MinIO is reached at --minio-endpoint, else through a native port-forward to
/// svc/minio:9000; credentials from --minio-access-key/--minio-secret-key, else Secret storage/minio-root.
/// S3 requests go through the MinIO retry policy (<see cref="ServicePolicies.Minio"/>) with the cluster connection's budget.
/// <paramref name="time"/>: the clock of the pod wait (default: the system's).
/// </summary>
public sealed class MinioPreflight(ClusterConnection cluster, EnvironmentPolicy policy, TimeSpan waitTimeout, Action<string> registerSecret,
    ILogger? log = null, TimeProvider? time = null)
{
    public const string Namespace = LabPlatform.StorageNamespace;
    public const string PodSelector = "app=minio";
    public const string Service = "minio";
    public const int ApiPort = 9000;
    public static readonly TimeSpan S3AttemptTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _log = log ?? Log.ForContext<MinioPreflight>();

    public async Task<MinioPreflightReport> RunAsync(MinioEndpointOptions options, bool create, CancellationToken ct)
    {
        await cluster.VerifyReachableAsync(ct);
        var probe = new LabeledPodsProbe(cluster, Namespace, PodSelector);
        var pod = create
            ? (await new ReadinessWait(cluster, _log, time).UntilReadyAsync("the MinIO pod", [probe], waitTimeout, ct))[0]
            : await probe.ProbeAsync(ct);
        if (!pod.Ready)
            return new MinioPreflightReport(pod, new MinioAccess("-", "", "", "not reached: the pod is not Ready"), []);

        var (accessKey, secretKey) = await CredentialsAsync(options, ct);
        var buckets = policy.Environments.Where(e => e.Value.Bucket is not null).Select(e => (e.Key, e.Value.Bucket!)).ToList();
        using var s3 = ServicePolicies.MinioHttpClient(cluster.Retry, S3AttemptTimeout);
        if (options.Endpoint.Length > 0)
        {
            var access = new MinioAccess(options.Endpoint, accessKey, secretKey, "--minio-endpoint");
            return new MinioPreflightReport(pod, access, await new MinioBuckets(access, s3).EnsureAsync(buckets, create, ct));
        }

        var target = await ServiceTarget.ResolveAsync(cluster, Namespace, Service, ApiPort, ct);
        await using var forward = PodPortForward.Start(cluster, target, _log);
        var forwarded = new MinioAccess($"127.0.0.1:{forward.LocalPort}", accessKey, secretKey,
            $"port-forward to pod {Namespace}/{target.Pod}:{target.PodPort}");
        using var untilRefused = CancellationTokenSource.CreateLinkedTokenSource(ct, forward.Refused);
        try
        {
            return new MinioPreflightReport(pod, forwarded, await new MinioBuckets(forwarded, s3).EnsureAsync(buckets, create, untilRefused.Token));
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException && !ct.IsCancellationRequested && forward.LastError is { } error)
        {
            throw new ClusterException($"the port-forward to {Namespace}/{target.Pod}:{target.PodPort} failed: {error}", "is MinIO listening on that port?");
        }
    }

    private async Task<(string, string)> CredentialsAsync(MinioEndpointOptions options, CancellationToken ct)
    {
        if (options.AccessKey.Length > 0 && options.SecretKey.Length > 0) return (options.AccessKey, options.SecretKey);
        if (options.AccessKey.Length > 0 || options.SecretKey.Length > 0)
            throw new ClusterException("--minio-access-key and --minio-secret-key go together",
                "pass both, or neither to use the lab's Secret storage/minio-root");
        var root = await new MinioRootSecret(cluster).ReadAsync(ct)
            ?? throw new ClusterException("no MinIO credentials: pass --minio-access-key and --minio-secret-key, " +
                $"or run ./build.sh Bootstrap (it creates Secret {MinioRootSecret.Namespace}/{MinioRootSecret.Name})", fix: null);
        registerSecret(root.User);
        registerSecret(root.Password);
        return root;
    }
}
