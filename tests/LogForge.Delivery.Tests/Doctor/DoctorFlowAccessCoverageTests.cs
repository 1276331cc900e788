using LogForge.Delivery.Environments;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Tests.Promotion;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Doctor;

/// <summary>
/// Doctor's Smoke and Promote rows held to recorded runs: every permission the fake API server authorized (its RBAC attributes,
/// kubernetes requestinfo.go) while Smoke checked an environment, or while a promotion and a rollback ran end to end — pull request,
/// merge, manual sync, verification over the port-forward — is one the row asks a SelfSubjectAccessReview for.
/// </summary>
public sealed class DoctorFlowAccessCoverageTests(HelmFixture helm, ServiceBinaryFixture binary)
    : IClassFixture<HelmFixture>, IClassFixture<ServiceBinaryFixture>, IAsyncLifetime
{
    private PromotionWorld _world = null!;
    private PromotionScenario _s = null!;
    private EnvironmentPolicy _policy = null!;

    public async Task InitializeAsync()
    {
        _world = await PromotionWorld.StartAsync(helm.Helm, binary.Service);
        _s = _world.Scenario;
        _policy = EnvironmentPolicyLoader.Load(_s.Checkout);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private IEnumerable<LogForge.Testing.Kubernetes.AccessAttributes> AccessUsed => _world.Cluster.Kube.Requests.All.SelectMany(r => r.Access ?? []);

    [Theory] // dev's Smoke is the same code with another namespace; this lab seeds runtime Secrets for staging and production only
    [InlineData("staging")]
    [InlineData("production")]
    public async Task Smoke_s_row_asks_for_every_permission_a_smoke_of_the_environment_used(string env)
    {
        _world.Cluster.Kube.Requests.Reset();
        var smoke = new ClusterSmoke(_world.Connection, _ => { }, _s.Log.Logger);

        var report = await smoke.RunAsync(TargetEnvironment.FromCheckout(_s.Checkout, _policy, env), expectedVersion: null, readOnly: false,
            TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(report.Passed, SmokeReportTable.Format(report));
        AccessCoverage.AssertAsked("Smoke", AccessUsed, AccessCoverage.RowOf(_policy, "Smoke"));
    }

    [Fact]
    public async Task Promote_s_row_asks_for_every_permission_a_promotion_and_a_rollback_used_end_to_end()
    {
        _world.Cluster.Kube.Requests.Reset();

        await _s.MergeAsync((await _s.RunAsync()).PullRequest!.Number);
        Assert.Equal(PromotionResult.Synced, (await _s.RunAsync()).Result);
        var rollback = _s.Request(PromotionKind.Rollback, version: null) with { Reason = "coverage of Doctor's Promote row" };
        await _s.MergeAsync((await _s.RunAsync(rollback)).PullRequest!.Number);
        Assert.Equal(PromotionResult.Synced, (await _s.RunAsync(rollback)).Result);

        AccessCoverage.AssertAsked("Promote and Rollback", AccessUsed, AccessCoverage.RowOf(_policy, "Promote"));
    }
}
