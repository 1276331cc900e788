using LogForge.Build.Engine;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
    Target HelmRender => _ => _
        .Description("helm lint --strict + helm template of dev, staging and production, in parallel, into artifacts/rendered/")
        .DependsOn(Tools)
        .Executes(async ct =>
        {
            var renders = await new HelmRenderer(RootDirectory, Helm, useCache: !FreshRender).RenderAllAsync(ct);
            foreach (var render in renders.Where(r => r.Succeeded))
                Log.Information("{Environment}: rendered → {Output}{Cached}", render.Environment,
                    Path.GetRelativePath(RootDirectory, render.OutputPath!), render.Template.CachedNote);
            var failed = renders.Where(r => !r.Succeeded).ToList();
            foreach (var render in failed)
                Log.Error("{Environment}: {Failure}", render.Environment, render.Failure);
            if (failed.Count > 0)
                throw new InvalidOperationException($"{string.Join(", ", failed.Select(r => r.Environment))} did not render — fix the values or " +
                    "the chart (errors above).");
        });

    Target ValidationGate => _ => _
        .Description("Gate: render all envs, policy conformance, staging/production parity, Argo Applications, workflows; with a cluster also app " +
            "status, dry-run, endpoints, MinIO; reports in artifacts/")
        .DependsOn(Tools)
        .Executes(async ct =>
        {
            var (cluster, noCluster) = await ClusterDetection.DetectAsync(ClusterSettingsWaiting(SmokeWait), ct);
            using var connection = cluster;
            var clusterChecks = new ClusterChecks(RootDirectory, cluster, noCluster, SecretValues.Add);
            clusterChecks.EndpointChecks.Add(new GateEndpointCheck(RootDirectory, SmokeWait).RunAsync);
            var report = (await new ValidationGate(RootDirectory, Helm, useRenderCache: !FreshRender, clusterChecks).RunAsync(ct)).Masked(SecretValues.Apply);
            await CheckReports.PublishAsync(report, RootDirectory, StepSummaryPath, Log.Logger, _ => new InvalidOperationException(
                $"{report.Count(CheckStatus.Failed)} validation checks failed ({string.Join(", ", report.FailedNames)}) — " +
                "see the table above or artifacts/validation-report.md."), ct, listFiles: true);
        });
}
