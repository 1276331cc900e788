using LogForge.Build.Engine;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Local;
using Serilog;
using LogForge.Delivery.Release;

namespace LogForge.Build;

public sealed partial class Build
{
    // Not read from ENV: POSIX shells use that variable for their start-up file.
    [Parameter("Environment Smoke checks: local (LogForge built from this checkout, configured as the chart renders dev) or one of deploy/env/policy.yaml",
        PrefixedEnvironmentOnly = true)]
    public string Env { get; set; } = "";

    [Parameter("Version GET /version must answer, v0.1.0 or 0.1.0 (default: image.tag in the values file of the env)")]
    public string ExpectVersion { get; set; } = "";

    static readonly TimeSpan SmokeWaitDefault = TimeSpan.FromSeconds(60);

    Target Smoke => _ => _
        .Description("Smoke checks of one env: /health, /ready, /version vs values and policy, POST /logs with, without and with a wrong key; " +
            "reports in artifacts/")
        .DependsOn(HelmRender)
        .Requires(() => Env)
        .Validates(() => SmokeInputProblem)
        .Executes(async ct =>
        {
            if (Env != SmokeEnvironments.Local)
                throw new InvalidOperationException($"--env {Env} checks LogForge in the cluster over a port-forward, which is not built yet " +
                    "(issue 8, phase 2) — run ./build.sh Smoke --env local");
            var service = await new ServiceBuild(RootDirectory, Configuration.ToString()).EnsureBuiltAsync(ct);
            var report = await new LocalSmoke(RootDirectory, service).RunAsync(new SmokeRequest(ExpectedVersion, WaitTimeout ?? SmokeWaitDefault, SecretValues.Add), ct);
            foreach (var line in SmokeReportTable.Format(report).Split('\n'))
                Log.Information("{Line}", line);
            var files = await SmokeReportFiles.WriteAsync(report, RootDirectory, GithubStepSummary.Length > 0 ? GithubStepSummary : null, ct);
            Log.Information("Reports: {Files}", string.Join(", ", files.Select(f => Path.GetRelativePath(RootDirectory, f))));
            if (!report.Passed)
                throw new InvalidOperationException($"{string.Join(", ", report.Failures.Select(f => f.Name))} failed — " +
                    $"see the table above or {Path.GetRelativePath(RootDirectory, files[1])}");
        });

    ReleaseVersion? ExpectedVersion => ExpectVersion.Length > 0 ? ReleaseVersion.Parse(ExpectVersion) : null;

    string? SmokeInputProblem
    {
        get
        {
            var environments = SmokeEnvironments.Names(EnvironmentPolicyLoader.Load(RootDirectory));
            if (!environments.Contains(Env))
                return $"--env {Env} is not an environment — pass one of {string.Join(", ", environments)} " +
                    $"({EnvironmentPolicy.RelativePath}, plus {SmokeEnvironments.Local})";
            if (ExpectVersion.Length > 0 && !ReleaseVersion.TryParse(ExpectVersion, out _, out _))
                return $"--expect-version {ExpectVersion} is not a version — pass {ReleaseVersion.ExpectedForm}";
            return null;
        }
    }
}
