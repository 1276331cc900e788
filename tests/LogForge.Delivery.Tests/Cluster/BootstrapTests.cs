using System.Text;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>Bootstrap against the in-process API server, its controllers moving pods, claims, CRDs and Strimzi status over time.</summary>
public sealed class BootstrapTests(HelmFixture helm) : IClassFixture<HelmFixture>, IAsyncLifetime
{
    private LabCluster _lab = null!;

    public async Task InitializeAsync() => _lab = await LabCluster.StartAsync(helm.Helm);

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Fact]
    public async Task A_fresh_cluster_gets_the_platform_and_every_readiness_check_passes()
    {
        var report = await _lab.BootstrapAsync();

        Assert.Equal(
            ["nodes", "pods argocd", "pods kafka", "pods storage", "PVCs", "Kafka logforge", "KafkaTopic logforge-staging-logs",
                "KafkaTopic logforge-production-logs"],
            report.Readiness.Select(r => r.Check));
        Assert.All(report.Readiness, r => Assert.True(r.Ready, $"{r.Check}: {r.Summary}"));
        Assert.True(report.MinioRootCreated);
        Assert.Equal(0, report.Count(ApplyOutcome.Unchanged));

        var server = _lab.Server;
        Assert.NotNull(server.Get("Deployment.apps", "argocd", "argocd-server"));          // namespace defaulted as `kubectl apply -n argocd`
        Assert.NotNull(server.Get("Deployment.apps", "kafka", "strimzi-cluster-operator")); // rendered from the chart with --namespace kafka
        Assert.NotNull(server.Get("customresourcedefinitions.apiextensions.k8s.io", null, "applications.argoproj.io"));
        Assert.NotNull(server.Get("Kafka.kafka.strimzi.io", "kafka", "logforge"));
        Assert.Equal("4.0.0", server.Get("Kafka.kafka.strimzi.io", "kafka",
            "logforge")!["spec"]!["kafka"]!["version"]!.GetValue<string>()); // ${KAFKA_VERSION} filled in
        var minio = server.Get("Deployment.apps", "storage", "minio")!;
        Assert.StartsWith("quay.io/minio/minio:RELEASE.",
            minio["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>()); // ${MINIO_IMAGE} filled in
        var root = server.Get("Secret", "storage", "minio-root")!;
        Assert.Equal("logforge-admin", Encoding.UTF8.GetString(Convert.FromBase64String(root["data"]!["MINIO_ROOT_USER"]!.GetValue<string>())));
        Assert.All(server.Requests.All.Where(r => r.Method == "PATCH"), r => Assert.Contains("fieldManager=logforge-build", r.Query));
    }

    [Fact]
    public async Task A_second_run_on_a_bootstrapped_cluster_changes_nothing_and_downloads_nothing()
    {
        await _lab.BootstrapAsync();
        var password = _lab.Server.Get("Secret", "storage", "minio-root")!["data"]!["MINIO_ROOT_PASSWORD"]!.GetValue<string>();
        var resourceVersion = _lab.Server.ResourceVersion;
        _lab.Server.Requests.Reset();

        var second = await _lab.BootstrapAsync();

        Assert.Equal(0, _lab.Server.Requests.Mutations);
        Assert.Equal(resourceVersion, _lab.Server.ResourceVersion);
        Assert.Equal(second.Applied.Count, second.Count(ApplyOutcome.Unchanged));
        Assert.False(second.MinioRootCreated);
        Assert.Equal(password, _lab.Server.Get("Secret", "storage", "minio-root")!["data"]!["MINIO_ROOT_PASSWORD"]!.GetValue<string>());
        Assert.Equal(1, _lab.Lab.Upstream.RequestsFor(_lab.Lab.ArgoCdInstallPath));
        Assert.Equal(1, _lab.Lab.Upstream.RequestsFor(_lab.Lab.StrimziChartPath));
    }

    [Fact]
    public async Task A_pod_that_never_becomes_ready_is_named_at_the_timeout_with_its_latest_warning_event()
    {
        _lab.Server.Controller.NeverReady("Deployment", "storage", "minio", "ImagePullBackOff", "Back-off pulling image \"quay.io/minio/minio\"");

        var clock = new TestClock();

        // Each time Bootstrap waits, the fake controllers finish all they can first: at the deadline only MinIO is left.
        var error = await Assert.ThrowsAsync<ClusterException>(() =>
            clock.RunAsync(_lab.BootstrapAsync(TimeSpan.FromSeconds(3), clock), beforeEachStep: _lab.Server.Controller.IdleAsync));

        var lines = error.Message.Split('\n');
        Assert.Equal("the lab platform not ready after 3s (pods storage) — fix what is named below, or raise --wait-timeout:", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  storage/Deployment/minio: 0/1 replicas ready", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  storage/Pod/minio-", StringComparison.Ordinal)
            && l.Contains("waiting: ImagePullBackOff", StringComparison.Ordinal)
            && l.Contains("last warning: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_cached_manifest_is_refused_naming_both_digests_and_nothing_is_applied()
    {
        await _lab.BootstrapAsync();
        await File.AppendAllTextAsync(_lab.Lab.CachedArgoCdInstall, "\n# tampered\n");
        _lab.Server.Requests.Reset();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _lab.BootstrapAsync());

        Assert.Matches(@"^\S+/install\.yaml has sha256 [0-9a-f]{64}, but deploy/lab/versions\.env pins ARGOCD_INSTALL_SHA256=[0-9a-f]{64} — refusing it; delete the file to download it again", error.Message);
        Assert.Equal(0, _lab.Server.Requests.Writes);
    }

    [Fact]
    public async Task A_download_whose_digest_differs_from_the_pin_is_refused_and_not_kept()
    {
        var pins = Path.Combine(_lab.Root, "deploy/lab/versions.env");
        var text = await File.ReadAllTextAsync(pins);
        var line = text.Split('\n').Single(l => l.StartsWith("STRIMZI_CHART_SHA256=", StringComparison.Ordinal));
        await File.WriteAllTextAsync(pins, text.Replace(line, "STRIMZI_CHART_SHA256=" + new string('0', 64)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _lab.BootstrapAsync());

        Assert.Contains($"has sha256 ", error.Message);
        Assert.Contains($"but deploy/lab/versions.env pins STRIMZI_CHART_SHA256={new string('0', 64)} — refusing it (nothing was kept)", error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(_lab.Root, ".tools/lab"), "*.tgz*", SearchOption.AllDirectories));
    }
}
