using LogForge.Build.Engine;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Release;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
    [Parameter("Markdown file the reports are appended to (GitHub Actions sets GITHUB_STEP_SUMMARY)")]
    public string GithubStepSummary { get; set; } = "";

    [Parameter("Run helm even when the chart, values and helm version are byte-for-byte those of the last successful render")]
    public bool FreshRender { get; set; }

    Target HelmRender => _ => _
        .Description("helm lint --strict + helm template of dev, staging and production, in parallel, into artifacts/rendered/")
        .DependsOn(Tools)
        .Executes(async ct =>
        {
            var renders = await new HelmRenderer(RootDirectory, Helm, useCache: !FreshRender).RenderAllAsync(ct);
            foreach (var render in renders.Where(r => r.Succeeded))
                Log.Information("{Environment}: rendered → {Output}{Cached}", render.Environment, Path.GetRelativePath(RootDirectory, render.OutputPath!), render.Template.CachedNote);
            var failed = renders.Where(r => !r.Succeeded).ToList();
            foreach (var render in failed)
                Log.Error("{Environment}: {Failure}", render.Environment, render.Failure);
            if (failed.Count > 0)
                throw new InvalidOperationException($"{string.Join(", ", failed.Select(r => r.Environment))} did not render — fix the values or the chart (errors above).");
        });

    Target ValidationGate => _ => _
        .Description("Gate: render all envs, policy conformance, staging/production parity, Argo Applications, workflows; with a cluster also app status, dry-run, endpoints, MinIO; reports in artifacts/")
        .DependsOn(Tools)
        .Executes(async ct =>
        {
            var (cluster, noCluster) = await ClusterDetection.DetectAsync(ClusterSettingsWaiting(SmokeWait), ct);
            using var connection = cluster;
            var clusterChecks = new ClusterChecks(RootDirectory, cluster, noCluster, SecretValues.Add);
            clusterChecks.EndpointChecks.Add(new GateEndpointCheck(RootDirectory, SmokeWait).RunAsync);
            var report = (await new ValidationGate(RootDirectory, Helm, useRenderCache: !FreshRender, clusterChecks).RunAsync(ct)).Masked(SecretValues.Apply);
            foreach (var line in ValidationReportTable.Format(report).Split('\n'))
                Log.Information("{Line}", line);
            var files = await ValidationReportFiles.WriteAsync(report, RootDirectory, GithubStepSummary.Length > 0 ? GithubStepSummary : null, ct);
            Log.Information("Reports: {Files}", string.Join(", ", files.Select(f => Path.GetRelativePath(RootDirectory, f))));
            if (!report.Passed)
                throw new InvalidOperationException($"{report.Count(CheckStatus.Failed)} validation checks failed ({string.Join(", ", report.Failures.Select(f => f.Name))}) — see the table above or artifacts/validation-report.md.");
        });

    /// <summary>The offline gate on a pull request's tree (Release, Promote, Rollback), with this checkout's helm run cache.</summary>
    TreeGate PullRequestTreeGate => async (tree, ct) =>
    {
        var gate = new ValidationGate(tree, Helm, useRenderCache: !FreshRender,
            ClusterChecks.Skipped(tree, "not part of the pull request's offline gate"), HelmRenderer.CacheDirectory(RootDirectory));
        return (await gate.RunAsync(ct)).Masked(SecretValues.Apply);
    };
}
