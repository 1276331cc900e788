using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Validation;
using LogForge.Testing.Kafka;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Smoke;
using LogForge.Testing.Storage;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>
/// dev and staging deployed as the chart renders them, their pods played by real LogForges: dev's on pipeline 1 with a file
/// backend, staging's on pipeline 2 with Kafka (librdkafka's mock broker) and MinIO (s3rver) standing in at the in-cluster
/// addresses the rendered ConfigMap names. Smoke of staging, and the gate's endpoint row over both.
/// </summary>
public sealed class StagingAndGateSmokeTests(HelmFixture helm, ServiceBinaryFixture binary)
    : IClassFixture<HelmFixture>, IClassFixture<ServiceBinaryFixture>, IAsyncLifetime
{
    private const string ApiKey = "staging-key-Zr31";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DeployCopy _deploy = new();
    private readonly LogCapture _log = new();
    private readonly KafkaMockBroker _kafka = new();
    private S3rverServer _s3 = null!;
    private FakeKubernetesServer _kube = null!;
    private string _kubeconfig = "";
    private readonly List<DeployedLogForge> _deployed = [];

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        using (var minio = new MinioClient().WithEndpoint(_s3.Endpoint).WithCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey).Build())
            await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket("logforge-staging"));
        _kube = await FakeKubernetesServer.StartAsync(o => { o.ControllerMinDelay = TimeSpan.FromMilliseconds(20); o.ControllerMaxDelay = TimeSpan.FromMilliseconds(60); });
        _kubeconfig = _kube.WriteKubeconfig(_deploy.Path("kubeconfig"), "lab");

        _deployed.Add(await DeployedLogForge.StartAsync(_kube, _deploy.Root, helm.Helm, binary.Service, "dev",
            new Dictionary<string, string> { ["api-keys"] = "dev-key-Zr30" }));
        _deployed.Add(await DeployedLogForge.StartAsync(_kube, _deploy.Root, helm.Helm, binary.Service, "staging",
            new Dictionary<string, string>
            {
                ["api-keys"] = ApiKey,
                ["minio-access-key"] = S3rverServer.AccessKey,
                ["minio-secret-key"] = S3rverServer.SecretKey,
            },
            new Dictionary<string, string>
            {
                ["logforge-kafka-bootstrap.kafka.svc.cluster.local:9092"] = _kafka.BootstrapServers,
                ["minio.storage.svc.cluster.local:9000"] = _s3.Endpoint,
            }));
    }

    public async Task DisposeAsync()
    {
        foreach (var deployed in _deployed) await deployed.DisposeAsync();
        await _kube.DisposeAsync();
        await _s3.DisposeAsync();
        _kafka.Dispose();
        _deploy.Dispose();
    }

    private ClusterConnection Connect() => ClusterConnection.Open(new ClusterSettings(_kubeconfig, null, ClusterSettings.DefaultRequestTimeout));

    private async Task<CheckResult> EndpointRowAsync(ClusterConnection? cluster, string skipReason = "")
    {
        var checks = new ClusterChecks(_deploy.Root, cluster, skipReason, _ => { });
        checks.EndpointChecks.Add(new GateEndpointCheck(_deploy.Root, Timeout, _log.Logger).RunAsync);
        var rows = await checks.RunAsync(EnvironmentPolicyLoader.Load(_deploy.Root), CancellationToken.None);
        return rows.Single(r => r.Name == ClusterChecks.Endpoints);
    }

    [Fact]
    public async Task Healthy_staging_on_pipeline_2_passes_every_check()
    {
        using var cluster = Connect();
        var registered = new List<string>();

        var report = await new ClusterSmoke(cluster, registered.Add, _log.Logger)
            .RunAsync(TargetEnvironment.FromCheckout(_deploy.Root, EnvironmentPolicyLoader.Load(_deploy.Root), "staging"), null, readOnly: false, Timeout, CancellationToken.None);

        Assert.True(report.Passed, SmokeReportTable.Format(report));
        Assert.Equal(9, report.Checks.Count);
        Assert.Equal("0.1.0 (deploy/env/staging/values.yaml image.tag); pipeline 2, minio, Kafka on (deploy/env/policy.yaml staging); environment staging",
            report.Checks.Single(c => c.Name == SmokeCheckNames.Version).Detail);
        Assert.Equal("202 {\"accepted\":10}", report.Checks.Single(c => c.Name == SmokeCheckNames.PostBatch).Detail);
        Assert.Contains(ApiKey, registered);
        Assert.DoesNotContain(ApiKey, _log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_cluster_the_gate_checks_the_endpoints_of_the_environments_Argo_CD_syncs_by_itself()
    {
        using var cluster = Connect();

        var row = await EndpointRowAsync(cluster);

        Assert.True(row.Status == CheckStatus.Passed, row.Detail);
        Assert.Equal(
        [
            "dev: GET /health, GET /ready, GET /version passed — 0.1.0 (deploy/env/dev/values.yaml image.tag); pipeline 1, file, Kafka off (deploy/env/policy.yaml dev); environment dev",
            "staging: GET /health, GET /ready, GET /version passed — 0.1.0 (deploy/env/staging/values.yaml image.tag); pipeline 2, minio, Kafka on (deploy/env/policy.yaml staging); environment staging",
        ], row.Detail.Split('\n'));
        // Read-only: nothing was posted, no runtime secret was read.
        Assert.DoesNotContain(_kube.Requests.All, r => r.Path.Contains("-runtime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gate_row_fails_naming_the_environment_and_the_check_and_still_checks_the_other()
    {
        _deploy.Replace("deploy/env/dev/values.yaml", "tag: \"0.1.0\"", "tag: \"0.2.0\"");
        Assert.True(_kube.Delete("Service", "staging", "logforge"));
        using var cluster = Connect();

        var row = await EndpointRowAsync(cluster);

        Assert.Equal(CheckStatus.Failed, row.Status);
        var lines = row.Detail.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("dev: GET /version: version: expected 0.2.0 (deploy/env/dev/values.yaml image.tag), got 0.1.0 — got 200 {\"version\":\"0.1.0\",", lines[0]);
        Assert.StartsWith("staging: no Service logforge in namespace staging (context lab", lines[1]);
    }

    [Fact]
    public async Task Without_a_cluster_the_endpoint_row_is_skipped_with_the_reason_and_nothing_is_asked()
    {
        var row = await EndpointRowAsync(null, "no cluster configured (no kubeconfig at /nowhere; pass --kube-context to use one)");

        Assert.Equal((CheckStatus.Skipped, "no cluster configured (no kubeconfig at /nowhere; pass --kube-context to use one)"), (row.Status, row.Detail));
        Assert.Empty(_kube.Requests.All);
    }
}
