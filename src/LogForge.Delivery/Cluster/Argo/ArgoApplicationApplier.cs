using System.Diagnostics;
using LogForge.Delivery.Environments;
using Serilog;

namespace LogForge.Delivery.Cluster.Argo;

/// <summary>One environment's Application after ApplyArgo.</summary>
public sealed record AppliedApplication(string Environment, string Name, ApplyOutcome Outcome, ApplicationState? State);

/// <summary>
/// Step 2 of the manual plan: server-side applies deploy/argocd/logforge-&lt;env&gt;.yaml for every
/// environment of the policy, then reports each Application's sync status, health and revision
/// (waiting briefly for Argo CD's first reconcile of a new one). A manual-sync Application that is
/// OutOfSync is reported as waiting for its manual sync — the policy, not a failure.
/// </summary>
public sealed class ArgoApplicationApplier(ClusterConnection cluster, string repoRoot, EnvironmentPolicy policy, ILogger? log = null)
{
    public static readonly TimeSpan FirstReconcileWait = TimeSpan.FromSeconds(20);
    private readonly ILogger _log = log ?? Log.ForContext<ArgoApplicationApplier>();

    public async Task<IReadOnlyList<AppliedApplication>> RunAsync(CancellationToken ct, bool dryRun = false)
    {
        await cluster.VerifyReachableAsync(ct);
        var catalog = new ResourceCatalog(cluster);
        await catalog.RequireAsync(ApplicationState.Group, ApplicationState.Version, "Application", ct);
        var applier = new ServerSideApplier(cluster, catalog);

        var applied = new List<(string Env, AppliedObject Object)>();
        foreach (var env in policy.EnvironmentNames)
        {
            var file = policy.ApplicationFileFor(env);
            var objects = ManifestObject.Parse(await File.ReadAllTextAsync(Path.Combine(repoRoot, file), ct), file);
            if (objects is not [{ Kind: "Application" } application])
                throw new InvalidDataException($"{file} must hold exactly one Application (it holds {string.Join(", ", objects.Select(o => o.Id))})");
            applied.Add((env, await applier.ApplyAsync(application, policy.Argocd.Namespace, ct, dryRun)));
        }
        if (dryRun)
            return applied.Select(a => new AppliedApplication(a.Env, a.Object.Object.Name, a.Object.Outcome, null)).ToList();

        var applications = new ArgoApplications(cluster, policy.Argocd.Namespace);
        var states = await WaitForFirstReconcileAsync(applications, applied.Select(a => a.Object.Object.Name).ToList(), ct);
        return applied.Select(a => new AppliedApplication(a.Env, a.Object.Object.Name, a.Object.Outcome, states[a.Object.Object.Name])).ToList();
    }

    private async Task<Dictionary<string, ApplicationState?>> WaitForFirstReconcileAsync(ArgoApplications applications, IReadOnlyList<string> names, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var states = new Dictionary<string, ApplicationState?>();
            foreach (var name in names) states[name] = await applications.StateAsync(name, ct);
            var waiting = states.Where(s => s.Value is not { Reconciled: true }).Select(s => s.Key).ToList();
            if (waiting.Count == 0 || clock.Elapsed >= FirstReconcileWait) return states;
            if (clock.Elapsed - lastProgress >= TimeSpan.FromSeconds(2))
            {
                lastProgress = clock.Elapsed;
                _log.Information("Waiting for Argo CD to reconcile {Applications} ({Elapsed:0}s of {Limit:0}s)", string.Join(", ", waiting), clock.Elapsed.TotalSeconds, FirstReconcileWait.TotalSeconds);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }
    }
}
