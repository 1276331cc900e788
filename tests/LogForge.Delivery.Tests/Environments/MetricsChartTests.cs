using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Environments;

/// <summary>
/// The chart's metrics switches (metrics.serviceMonitor, metrics.dashboard) rendered by real helm, off as the
/// environments ship and on, and the gate's checks on them: conformance against the policy, staging/production parity.
/// </summary>
public sealed class MetricsChartTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    private const string SwitchesOn =
        "\nmetrics:\n  serviceMonitor:\n    enabled: true\n    labels:\n      release: kube-prometheus-stack\n  dashboard:\n    enabled: true\n";

    private static readonly string DashboardFile = Path.Combine(RepositoryRoot.Path, "deploy", "helm", "logforge", "dashboards", "logforge.json");

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task Off_as_the_environments_ship_nothing_of_it_is_rendered(string env)
    {
        var rendered = await RenderAsync(env, on: false);

        Assert.Empty(rendered.OfKind("ServiceMonitor"));
        Assert.DoesNotContain(rendered.OfKind("ConfigMap"), c => c.At("metadata", "labels", "grafana_dashboard") is not null);
        Assert.Equal(["Service/logforge"], rendered.OfKind("Service").Select(s => s.Id));
    }

    [Fact]
    public async Task On_in_staging_the_service_monitor_scrapes_the_api_and_the_archiver_and_the_dashboard_is_the_file_as_is()
    {
        var rendered = await RenderAsync("staging", on: true);

        var monitor = Assert.Single(rendered.OfKind("ServiceMonitor"));
        Assert.Equal("monitoring.coreos.com/v1", monitor.ScalarAt("apiVersion"));
        Assert.Equal("kube-prometheus-stack", monitor.ScalarAt("metadata", "labels", "release"));
        var endpoint = Assert.Single(monitor.At("spec", "endpoints").Items());
        Assert.Equal(("http", "/metrics", "30s", "10s"),
            (endpoint.ScalarAt("port"), endpoint.ScalarAt("path"), endpoint.ScalarAt("interval"), endpoint.ScalarAt("scrapeTimeout")));
        Assert.Equal(["Service/logforge", "Service/logforge-archiver"], rendered.OfKind("Service").Select(s => s.Id).Order());
        var archiverService = rendered.OfKind("Service").Single(s => s.Name == "logforge-archiver");
        Assert.Equal("archiver", archiverService.ScalarAt("spec", "selector", "app.kubernetes.io/component"));

        var dashboard = Assert.Single(rendered.OfKind("ConfigMap"), c => c.At("metadata", "labels", "grafana_dashboard") is not null);
        Assert.Equal("1", dashboard.ScalarAt("metadata", "labels", "grafana_dashboard"));
        Assert.Equal(File.ReadAllText(DashboardFile).Trim(), dashboard.ScalarAt("data", "logforge.json"));
    }

    [Fact]
    public async Task On_in_dev_pipeline_one_has_no_archiver_service()
    {
        var rendered = await RenderAsync("dev", on: true);

        Assert.Single(rendered.OfKind("ServiceMonitor"));
        Assert.Equal(["Service/logforge"], rendered.OfKind("Service").Select(s => s.Id));
    }

    [Fact]
    public async Task Switched_on_where_the_policy_says_off_fails_conformance_and_passes_once_the_policy_agrees()
    {
        var rendered = await RenderAsync("staging", on: true);

        var refused = Metrics(Policy(on: false), rendered);
        var agreed = Metrics(Policy(on: true), rendered);

        Assert.Equal(CheckStatus.Failed, refused.Status);
        Assert.Equal([
            "staging: ServiceMonitor/logforge is rendered (values: metrics.serviceMonitor.enabled); policy environments.staging.serviceMonitor is false",
            "staging: ConfigMap/logforge-dashboard is rendered (values: metrics.dashboard.enabled); policy environments.staging.grafanaDashboard is false",
        ], refused.Detail.Split('\n'));
        Assert.True(agreed.Status == CheckStatus.Passed, agreed.Detail);
        Assert.Equal("ServiceMonitor scrapes /metrics on port http of every Deployment, Grafana dashboard (grafana_dashboard: \"1\")", agreed.Detail);
    }

    [Fact]
    public async Task Off_where_the_policy_asks_for_them_fails_conformance()
    {
        var rendered = await RenderAsync("production", on: false);

        var result = Metrics(Policy(on: true), rendered);

        Assert.Equal([
            "production: policy environments.production.serviceMonitor asks for a ServiceMonitor; none is rendered " +
            "(values: metrics.serviceMonitor.enabled is false)",
            "production: policy environments.production.grafanaDashboard asks for the Grafana dashboard ConfigMap; none is rendered " +
            "(values: metrics.dashboard.enabled is false)",
        ], result.Detail.Split('\n'));
    }

    [Fact]
    public async Task A_service_monitor_that_misses_the_archiver_or_scrapes_another_path_and_a_broken_dashboard_fail()
    {
        var (manifest, _) = await RenderManifestAsync("staging", on: true);
        var broken = manifest
            .Replace("      path: /metrics", "      path: /stats")
            .Replace("grafana_dashboard: \"1\"", "grafana_dashboard: \"0\"")
            .Replace("  logforge.json: |-\n    {", "  logforge.json: |-\n    {,");
        var withoutArchiverService = ManifestDocument.ParseAll(broken).Where(d => d.Id != "Service/logforge-archiver").ToList();
        var rendered = new RenderedEnvironment("staging", withoutArchiverService);

        var detail = Metrics(Policy(on: true), rendered).Detail.Split('\n');

        Assert.Contains("staging: ServiceMonitor/logforge: an endpoint scrapes path '/stats'; policy says '/metrics'", detail);
        Assert.Contains("staging: ServiceMonitor/logforge: selects no Service with a port 'http' that reaches the pods of " +
            "Deployment/logforge-archiver", detail);
        Assert.Contains("staging: ConfigMap/logforge-dashboard: label grafana_dashboard is '0'; the sidecar loads \"1\"", detail);
        Assert.Contains(detail, l => l.StartsWith("staging: ConfigMap/logforge-dashboard: data.logforge.json: is not JSON:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staging_and_production_with_both_switches_on_still_have_parity()
    {
        var staging = await RenderAsync("staging", on: true);
        var production = await RenderAsync("production", on: true);

        var parity = new ParityCheck(Policy(on: true)).Check(staging, production);

        Assert.True(parity.Status == CheckStatus.Passed, parity.Detail);
    }

    [Theory]
    [InlineData("metrics:\n  serviceMonitor:\n    enabled: \"yes\"\n", "/metrics/serviceMonitor/enabled")]
    [InlineData("metrics:\n  serviceMonitor:\n    enabled: true\n    interval: 30 seconds\n", "/metrics/serviceMonitor/interval")]
    [InlineData("metrics:\n  dashboard:\n    enabled: true\n    folder: ops\n", "folder")]
    [InlineData("metrics:\n  port: 9090\n", "port")]
    public async Task The_schema_refuses_wrong_types_and_unknown_keys(string values, string named)
    {
        using var deploy = new DeployCopy();
        deploy.Append("deploy/env/staging/values.yaml", "\n" + values);

        var render = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("staging");

        Assert.False(render.Succeeded);
        Assert.Contains(named, render.Failure);
    }

    private static CheckResult Metrics(EnvironmentPolicy policy, RenderedEnvironment rendered) =>
        Assert.Single(new ConformanceChecks(policy).Check(rendered), r => r.Name == $"Conformance {rendered.Name}: metrics");

    /// <summary>The repository's policy, with every environment's serviceMonitor and grafanaDashboard set to <paramref name="on"/>.</summary>
    private static EnvironmentPolicy Policy(bool on)
    {
        var policy = EnvironmentPolicyLoader.Load(RepositoryRoot.Path);
        foreach (var rule in policy.Environments.Values)
            (rule.ServiceMonitor, rule.GrafanaDashboard) = (on, on);
        return policy;
    }

    private async Task<RenderedEnvironment> RenderAsync(string env, bool on) => (await RenderManifestAsync(env, on)).Rendered;

    private async Task<(string Manifest, RenderedEnvironment Rendered)> RenderManifestAsync(string env, bool on)
    {
        using var deploy = new DeployCopy();
        if (on)
            deploy.Append($"deploy/env/{env}/values.yaml", SwitchesOn);
        var render = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync(env);
        Assert.True(render.Succeeded, render.Failure);
        return (render.Manifest, new RenderedEnvironment(env, ManifestDocument.ParseAll(render.Manifest)));
    }
}
