using LogForge.Delivery.Environments;
using LogForge.Delivery.Waiting;
using Serilog;

namespace LogForge.Delivery.Cluster.Argo;

/// <summary>One environment's Application after ApplyArgo.</summary>
public sealed record AppliedApplication(string Environment, string Name, ApplyOutcome Outcome, ApplicationState? State);

/// <summary>
/// Step 2 of the manual plan: server-side applies deploy/argocd/logforge-&lt;env&gt;.yaml for every
/// environment of the policy, then reports each Application's sync status, health and revision
/// (waiting briefly for Argo CD's first reconcile of a new one). A manual-sync Application that is
/// OutOfSync is reported as waiting for its manual sync — the policy, not a failure. <paramref name="time"/>: the clock of that
/// wait (default: the system's).
/// </summary>
public sealed class ArgoApplicationApplier(ClusterConnection cluster, string repoRoot, EnvironmentPolicy policy, ILogger? log = null, TimeProvider? time = null)
{
    public static readonly TimeSpan FirstReconcileWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReconcilePollEvery = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan ReconcileProgressEvery = TimeSpan.FromSeconds(2);
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

    /// <summary>The states once every Application was reconciled, or as they are after <see cref="FirstReconcileWait"/>.</summary>
    private async Task<Dictionary<string, ApplicationState?>> WaitForFirstReconcileAsync(ArgoApplications applications, IReadOnlyList<string> names,
        CancellationToken ct)
    {
        var poll = await new PollWithProgress(_log, time).UntilAsync(async token =>
        {
            var states = new Dictionary<string, ApplicationState?>();
            foreach (var name in names) states[name] = await applications.StateAsync(name, token);
            var waiting = states.Where(s => s.Value is not { Reconciled: true }).Select(s => s.Key).ToList();
            return new PollAnswer<Dictionary<string, ApplicationState?>>(states, waiting.Count == 0, string.Join(", ", waiting));
        }, new PollSchedule(FirstReconcileWait, ReconcilePollEvery, ReconcileProgressEvery) { ProgressAtOnce = false }, ct, (answer, elapsed) =>
            _log.Information("Waiting for Argo CD to reconcile {Applications} ({Elapsed:0}s of {Limit:0}s)", answer.Description, elapsed.TotalSeconds,
                FirstReconcileWait.TotalSeconds));
        return poll.Last.Value;
    }
}
