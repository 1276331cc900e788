using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>Where Smoke looks for an environment's API: the policy's namespace, the values' fullnameOverride and service.port
/// (the environment's values file first, then the chart's, as helm merges a scalar).</summary>
public sealed class SmokeServiceTests : IDisposable
{
    private readonly DeployCopy _deploy = new();

    private SmokeService For(string environment) => SmokeService.For(TargetEnvironment.FromCheckout(_deploy.Root, EnvironmentPolicyLoader.Load(_deploy.Root), environment));

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_committed_values_name_svc_logforge_8080_in_the_environments_namespace(string environment)
    {
        Assert.Equal(new SmokeService(environment, "logforge", 8080), For(environment));
    }

    [Fact]
    public void An_environment_that_sets_service_port_overrides_the_charts()
    {
        _deploy.Append("deploy/env/staging/values.yaml", "\nservice:\n  port: 9090\n");

        Assert.Equal(9090, For("staging").Port);
        Assert.Equal(8080, For("production").Port);
    }

    [Fact]
    public void Without_fullnameOverride_it_says_so_instead_of_guessing_the_charts_naming()
    {
        _deploy.Replace("deploy/env/dev/values.yaml", "fullnameOverride: logforge\n", "");

        var error = Assert.Throws<InvalidDataException>(() => For("dev"));

        Assert.Equal("deploy/env/dev/values.yaml sets no fullnameOverride — Smoke finds the Service by that name; set it (the chart's other naming is not reproduced here)",
            error.Message);
    }

    public void Dispose() => _deploy.Dispose();
}
