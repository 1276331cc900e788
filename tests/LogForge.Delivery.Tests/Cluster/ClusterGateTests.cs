using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Storage;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Validation;
using LogForge.Testing.Storage;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>The gate's cluster half on a bootstrapped lab: Application status, server-side dry-run, MinIO pod and buckets.</summary>
public sealed class ClusterGateTests(HelmFixture helm) : IClassFixture<HelmFixture>, IAsyncLifetime
{
    private LabCluster _lab = null!;
    private S3rverServer _s3 = null!;

    public async Task InitializeAsync()
    {
        _lab = await LabCluster.StartAsync(helm.Helm);
        _s3 = await S3rverServer.StartAsync();
        S3rverAsLabMinio.SeedRootSecret(_lab.Server);
        S3rverAsLabMinio.ForwardTo(_lab.Server, _s3);
        await _lab.BootstrapAsync();
    }

    public async Task DisposeAsync()
    {
        await _lab.DisposeAsync();
        await _s3.DisposeAsync();
    }

    private async Task<IReadOnlyList<CheckResult>> GateAsync()
    {
        using var cluster = _lab.Connect();
        return await new ClusterChecks(_lab.Root, cluster, "", _ => { }).RunAsync(EnvironmentPolicyLoader.Load(_lab.Root), CancellationToken.None);
    }

    private async Task ApplyArgoAndBucketsAsync()
    {
        using var cluster = _lab.Connect();
        var policy = EnvironmentPolicyLoader.Load(_lab.Root);
        await new ArgoApplicationApplier(cluster, _lab.Root, policy).RunAsync(CancellationToken.None);
        await new MinioPreflight(cluster, policy, TimeSpan.FromSeconds(10), _ => { }).RunAsync(new MinioEndpointOptions("", "", ""), create: true, CancellationToken.None);
        // dev and staging sync by themselves; the gate runs on a settled lab
        foreach (var app in new[] { "logforge-dev", "logforge-staging" })
            await _lab.Server.UntilAsync(s => (string?)s.Get("applications.argoproj.io", "argocd", app)?["status"]?["sync"]?["status"] == "Synced",
                $"{app} Synced");
    }

    [Fact]
    public async Task On_a_prepared_lab_the_cluster_checks_pass_with_production_waiting_for_its_manual_sync()
    {
        await ApplyArgoAndBucketsAsync();

        var results = await GateAsync();

        var status = Assert.Single(results, r => r.Name == ClusterChecks.ApplicationStatus);
        Assert.True(status.Status == CheckStatus.Passed, status.Detail);
        Assert.Contains("logforge-production: OutOfSync, Missing", status.Detail);
        Assert.Contains("waiting for a manual sync (policy: manual)", status.Detail);
        Assert.Equal(CheckStatus.Passed, results.Single(r => r.Name == ClusterChecks.ApplicationDryRun).Status);
        var minio = Assert.Single(results, r => r.Name == ClusterChecks.Minio);
        Assert.True(minio.Status == CheckStatus.Passed, minio.Detail);
        Assert.Contains("buckets logforge-staging present, logforge-production present", minio.Detail);
    }

    [Fact]
    public async Task Before_ApplyArgo_and_the_preflight_the_checks_say_what_to_run()
    {
        var results = await GateAsync();

        var status = Assert.Single(results, r => r.Name == ClusterChecks.ApplicationStatus);
        Assert.Equal(CheckStatus.Failed, status.Status);
        Assert.StartsWith("Application logforge-dev does not exist in argocd — run ./build.sh ApplyArgo", status.Detail);
        var minio = Assert.Single(results, r => r.Name == ClusterChecks.Minio);
        Assert.Equal(CheckStatus.Failed, minio.Status);
        Assert.StartsWith("missing bucket(s) logforge-staging, logforge-production — run ./build.sh MinioPreflight", minio.Detail);
        Assert.Equal(CheckStatus.Passed, results.Single(r => r.Name == ClusterChecks.ApplicationDryRun).Status); // the CRD is there
        Assert.Null(_lab.Server.Get("applications.argoproj.io", "argocd", "logforge-dev"));       // the dry run stored nothing
    }

    [Fact]
    public async Task A_degraded_application_fails_the_status_check()
    {
        await ApplyArgoAndBucketsAsync();
        _lab.Server.Update("applications.argoproj.io", "argocd", "logforge-staging", app => app["status"]!["health"]!["status"] = "Degraded");

        var status = Assert.Single(await GateAsync(), r => r.Name == ClusterChecks.ApplicationStatus);

        Assert.Equal(CheckStatus.Failed, status.Status);
        Assert.StartsWith("logforge-staging is Degraded", status.Detail);
    }

    [Fact]
    public async Task Without_a_cluster_every_cluster_check_is_skipped_with_the_reason()
    {
        var results = await ClusterChecks.Skipped(_lab.Root, "no cluster configured (no kubeconfig at /nowhere)").RunAsync(EnvironmentPolicyLoader.Load(_lab.Root), CancellationToken.None);

        Assert.Equal(ClusterChecks.Names, results.Select(r => r.Name));
        Assert.All(results, r => Assert.Equal((CheckStatus.Skipped, "no cluster configured (no kubeconfig at /nowhere)"), (r.Status, r.Detail)));
    }

    [Fact]
    public async Task Detection_uses_a_reachable_kubeconfig_and_skips_an_unreachable_one()
    {
        var (found, _) = await ClusterDetection.DetectAsync(new ClusterSettings(_lab.Kubeconfig, null, ClusterSettings.DefaultRequestTimeout), CancellationToken.None);
        using (found) Assert.NotNull(found);

        await _lab.Server.DisposeAsync();
        var (none, reason) = await ClusterDetection.DetectAsync(new ClusterSettings(_lab.Kubeconfig, null, ClusterSettings.DefaultRequestTimeout), CancellationToken.None);

        Assert.Null(none);
        Assert.StartsWith("no reachable cluster (cannot reach the Kubernetes API server at http://127.0.0.1:", reason);
        Assert.EndsWith("; pass --kube-context to require one", reason);
    }
}
