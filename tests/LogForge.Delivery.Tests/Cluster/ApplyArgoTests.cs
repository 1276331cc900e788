using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Cluster;

public sealed class ApplyArgoTests(HelmFixture helm) : IClassFixture<HelmFixture>, IAsyncLifetime
{
    private LabCluster _lab = null!;

    public async Task InitializeAsync()
    {
        _lab = await LabCluster.StartAsync(helm.Helm);
        await _lab.BootstrapAsync();
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private async Task<IReadOnlyList<AppliedApplication>> ApplyArgoAsync()
    {
        using var cluster = _lab.Connect();
        return await new ArgoApplicationApplier(cluster, _lab.Root, EnvironmentPolicyLoader.Load(_lab.Root)).RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_three_applications_are_applied_and_reported_production_waiting_for_its_manual_sync()
    {
        var applications = await ApplyArgoAsync();

        Assert.Equal(["logforge-dev", "logforge-staging", "logforge-production"], applications.Select(a => a.Name));
        Assert.All(applications, a => Assert.Equal(ApplyOutcome.Created, a.Outcome));
        // dev and staging sync by themselves: whatever Argo CD reports first is reported, with no manual-sync note.
        foreach (var automated in applications.Take(2))
        {
            Assert.True(automated.State!.Reconciled);
            Assert.Matches(@"^(Synced|OutOfSync), \w+ at [0-9a-f]{7}", automated.State.Describe());
            Assert.DoesNotContain("manual", automated.State.Describe());
        }
        Assert.EndsWith("— waiting for a manual sync (policy: manual)", applications[2].State!.Describe());
        Assert.Equal("OutOfSync", applications[2].State!.Sync);
        var stored = _lab.Server.Get("applications.argoproj.io", "argocd", "logforge-production")!;
        Assert.Equal("deploy/helm/logforge", stored["spec"]!["source"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        await ApplyArgoAsync();
        _lab.Server.Requests.Reset();

        var second = await ApplyArgoAsync();

        Assert.All(second, a => Assert.Equal(ApplyOutcome.Unchanged, a.Outcome));
        Assert.Equal(0, _lab.Server.Requests.Mutations);
    }

    [Fact]
    public async Task The_server_side_dry_run_stores_nothing()
    {
        using var cluster = _lab.Connect();
        var dryRun = await new ArgoApplicationApplier(cluster, _lab.Root, EnvironmentPolicyLoader.Load(_lab.Root)).RunAsync(CancellationToken.None, dryRun: true);

        Assert.Equal(3, dryRun.Count);
        Assert.Null(_lab.Server.Get("applications.argoproj.io", "argocd", "logforge-dev"));
        Assert.Contains(_lab.Server.Requests.All, r => r.Method == "PATCH" && r.Query.Contains("dryRun=All", StringComparison.Ordinal));
    }
}
