using LogForge.Build.Engine;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Cluster.Readiness;
using LogForge.Delivery.Cluster.Secrets;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Storage;
using LogForge.Delivery.Tools;
using Serilog;

namespace LogForge.Build;

/// <summary>Steps 1–4 of the manual plan: the lab platform, the Argo CD Applications, the secrets, MinIO's buckets.</summary>
public sealed partial class Build
{
    [Parameter("GitHub user for the ghcr-pull secret (Secrets)"), Secret]
    public string GhcrUsername { get; set; } = "";

    [Parameter("GitHub token with read:packages for the ghcr-pull secret (Secrets)"), Secret]
    public string GhcrToken { get; set; } = "";

    [Parameter("API keys for the runtime secrets, comma-separated (default: keep the existing ones, else generate one)"), Secret]
    public string ApiKeys { get; set; } = "";

    [Parameter("MinIO access key for the runtime secrets and MinioPreflight (default: the lab's Secret storage/minio-root)"), Secret]
    public string MinioAccessKey { get; set; } = "";

    [Parameter("MinIO secret key (with --minio-access-key)"), Secret]
    public string MinioSecretKey { get; set; } = "";

    [Parameter("MinIO endpoint host:port for MinioPreflight (default: a port-forward to svc/minio:9000 in namespace storage)")]
    public string MinioEndpoint { get; set; } = "";

    /// <summary>The cluster of --kubeconfig/--kube-context; transient API answers are asked again for up to --wait-timeout (default 10 min).</summary>
    ClusterSettings ClusterSettings => ClusterSettingsWaiting(WaitTimeout ?? ClusterWaitDefault);

    ClusterSettings ClusterSettingsWaiting(TimeSpan waitTimeout) =>
        new(Kubeconfig, KubeContext, ClusterSettings.DefaultRequestTimeout) { Retry = RetryBudget.For(waitTimeout) };

    /// <summary>What Bootstrap applies: the pinned upstream files (downloaded once into .tools/lab/, sha256 checked) and deploy/lab/manifests.</summary>
    LabPlatform LabPlatformFor(HttpClient http, HelmTool helm) =>
        new(RootDirectory, VersionPins.Load(RootDirectory), new UpstreamCache(UpstreamCache.DirectoryUnder(RootDirectory), http), new HelmCli(helm));

    Target Bootstrap => _ => _
        .Description("Install or upgrade the lab platform pinned in deploy/lab/versions.env (Argo CD, Strimzi Kafka + topics, MinIO) by " +
            "server-side apply; wait until nodes, pods, PVCs, Kafka and topics are ready")
        .DependsOn(Tools)
        .Executes(async ct =>
        {
            using var cluster = ClusterConnection.Open(ClusterSettings);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var report = await new Bootstrapper(cluster, LabPlatformFor(http, Helm), WaitTimeout ?? ClusterWaitDefault).RunAsync(ct);
            LogLines(ReadinessTable.Format(report.Readiness));
            Log.Information("Bootstrapped {Cluster}: {Summary}", cluster.Description, report.AppliedSummary);
        });

    Target ApplyArgo => _ => _
        .Description("Server-side apply the Argo CD Applications logforge-dev, -staging, -production; report their sync, health and revision")
        .DependsOn(Bootstrap)
        .Executes(async ct =>
        {
            using var cluster = ClusterConnection.Open(ClusterSettings);
            var applications = await new ArgoApplicationApplier(cluster, RootDirectory, Policy).RunAsync(ct);
            foreach (var application in applications)
                Log.Information("{Application} ({Outcome}): {State}", application.Name, application.Outcome.ToString().ToLowerInvariant(),
                    application.State?.Describe() ?? "not found after apply");
        });

    Target Secrets => _ => _
        .Description("Create or update logforge-<env>-runtime and ghcr-pull in dev, staging and production (namespaces created when missing); " +
            "values never printed")
        .DependsOn(ApplyArgo)
        .Requires(() => GhcrUsername)
        .Requires(() => GhcrToken)
        .Executes(async ct =>
        {
            using var cluster = ClusterConnection.Open(ClusterSettings);
            var apiKeys = ApiKeys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var key in apiKeys) SecretValues.Add(key);
            var inputs = new SecretInputs(GhcrUsername, GhcrToken, apiKeys, MinioAccessKey, MinioSecretKey);
            var writes = await new EnvironmentSecrets(cluster, RootDirectory, Policy, SecretValues.Add).RunAsync(inputs, ct);
            foreach (var write in writes)
                Log.Information("{Namespace}/{Secret}: {Outcome} ({Type}; keys {Keys})", write.Namespace, write.Name,
                    write.Outcome.ToString().ToLowerInvariant(), write.Type, string.Join(", ", write.Keys));
        });

    Target MinioPreflight => _ => _
        .Description("MinIO pod Ready in namespace storage; the policy's buckets (logforge-staging, logforge-production) exist, missing ones created")
        .DependsOn(Secrets)
        .Executes(async ct =>
        {
            using var cluster = ClusterConnection.Open(ClusterSettings);
            var preflight = new LogForge.Delivery.Storage.MinioPreflight(cluster, Policy, WaitTimeout ?? ClusterWaitDefault, SecretValues.Add);
            var report = await preflight.RunAsync(new MinioEndpointOptions(MinioEndpoint, MinioAccessKey, MinioSecretKey), create: true, ct);
            Log.Information("MinIO pod: {Pod}; reached at {Access}", report.Pod.Summary, report.Access.ToString());
            foreach (var bucket in report.Buckets)
                Log.Information("{Environment}: bucket {Bucket} {State}", bucket.Environment, bucket.Bucket,
                    bucket.State == BucketState.Created ? "created" : "exists (kept)");
        });

    void LogLines(string text)
    {
        foreach (var line in text.Split('\n')) Log.Information("{Line}", line);
    }
}
