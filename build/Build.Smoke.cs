using LogForge.Build.Engine;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
    // Not read from ENV: POSIX shells use that variable for their start-up file.
    [Parameter("Environment: for Smoke local (LogForge built from this checkout, configured as the chart renders dev) or one of deploy/env/policy.yaml " +
        "(LogForge in the cluster, over a port-forward), default staging; for History whose ledger, default production", PrefixedEnvironmentOnly = true)]
    public string Env { get; set; } = "";

    const string SmokeEnvDefault = "staging";

    /// <summary>Each target that takes --env has its own default (Smoke: staging, History: production), so none is set in .nuke/parameters.json.</summary>
    string SmokeEnv => Env.Length > 0 ? Env : SmokeEnvDefault;

    [Parameter("Version GET /version must answer, v0.1.0 or 0.1.0 (default: image.tag in the values file of the env)")]
    public string ExpectVersion { get; set; } = "";

    static readonly TimeSpan SmokeWaitDefault = TimeSpan.FromSeconds(60);

    TimeSpan SmokeWait => WaitTimeout ?? SmokeWaitDefault;

    // No DependsOn: only local needs helm (to render dev), and it asks for it itself (docs/smoke.md).
    Target Smoke => _ => _
        .Description("Smoke checks of one env (local: LogForge from this checkout; a cluster env: over a port-forward): /health, /ready, " +
            "/version vs values and policy, POST /logs with, without and with a wrong key, /metrics; reports in artifacts/")
        .Validates(() => SmokeInputProblem)
        .Executes(async ct =>
        {
            var report = (SmokeEnv == SmokeEnvironments.Local ? await LocalSmokeAsync(ct) : await ClusterSmokeAsync(ct)).Masked(SecretValues.Apply);
            await CheckReports.PublishAsync(report, RootDirectory, StepSummaryPath, Log.Logger, files => new InvalidOperationException(
                $"{string.Join(", ", report.FailedNames)} failed — see the table above or {Path.GetRelativePath(RootDirectory, files[1])}"), ct,
                    listFiles: true);
        });

    /// <summary>Dev rendered (helm template, cached like HelmRender's), LogForge built when out of date, then run and checked here.</summary>
    async Task<SmokeReport> LocalSmokeAsync(CancellationToken ct)
    {
        var renderer = new HelmRenderer(RootDirectory, await ResolveHelmAsync(ct), useCache: !FreshRender);
        var render = await renderer.RenderAsync(SmokeEnvironments.LocalConfiguration, ct);
        if (!render.Succeeded)
            throw new InvalidOperationException($"{render.Environment} did not render — fix the values or the chart: {render.Failure}");
        Log.Information("{Environment}: rendered → {Output}{Cached}",
            render.Environment, Path.GetRelativePath(RootDirectory, render.OutputPath!), render.Template.CachedNote);
        var service = await new ServiceBuild(RootDirectory, Configuration.ToString()).EnsureBuiltAsync(ct);
        return await new LocalSmoke(RootDirectory, service).RunAsync(new SmokeRequest(ExpectedVersion, SmokeWait, SecretValues.Add), ct);
    }

    async Task<SmokeReport> ClusterSmokeAsync(CancellationToken ct)
    {
        using var cluster = ClusterConnection.Open(ClusterSettingsWaiting(SmokeWait));
        var environment = TargetEnvironment.FromCheckout(RootDirectory, Policy, SmokeEnv);
        return await new ClusterSmoke(cluster, SecretValues.Add).RunAsync(environment, ExpectedVersion, readOnly: false, SmokeWait, ct);
    }

    ReleaseVersion? ExpectedVersion => ExpectVersion.Length > 0 ? ReleaseVersion.Parse(ExpectVersion) : null;

    string? SmokeInputProblem
    {
        get
        {
            var environments = SmokeEnvironments.Names(Policy);
            if (!environments.Contains(SmokeEnv))
                return $"--env {SmokeEnv} is not an environment — pass one of {string.Join(", ", environments)} " +
                    $"({EnvironmentPolicy.RelativePath}, plus {SmokeEnvironments.Local})";
            if (ExpectVersion.Length > 0 && !ReleaseVersion.TryParse(ExpectVersion, out _, out _))
                return $"--expect-version {ExpectVersion} is not a version — pass {ReleaseVersion.ExpectedForm}";
            return null;
        }
    }
}
