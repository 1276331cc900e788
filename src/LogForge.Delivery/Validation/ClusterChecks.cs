using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Storage;

namespace LogForge.Delivery.Validation;

/// <summary>
/// The manual plan's gate items that need a cluster: the Argo CD Applications' status, a server-side
/// dry-run (dryRun=All) of the three Application files, MinIO's pod and buckets (read-only), and the
/// endpoints. With no cluster configured each is Skipped with the reason.
/// </summary>
public sealed class ClusterChecks(string repoRoot, ClusterConnection? cluster, string skipReason, Action<string> registerSecret)
{
    public const string ApplicationStatus = "Cluster: Argo CD application status";
    public const string ApplicationDryRun = "Cluster: Argo Applications server-side dry-run";
    public const string Endpoints = "Cluster: endpoints /health /ready /version";
    public const string Minio = "Cluster: MinIO pod and buckets";

    public static readonly IReadOnlyList<string> Names = [ApplicationStatus, ApplicationDryRun, Endpoints, Minio];

    /// <summary>Extra checks that run against the cluster (the endpoint checks); each returns its rows.</summary>
    public List<Func<ClusterConnection, EnvironmentPolicy, CancellationToken, Task<CheckResult>>> EndpointChecks { get; } = [];

    public static ClusterChecks Skipped(string repoRoot, string reason) => new(repoRoot, null, reason, _ => { });

    public async Task<IReadOnlyList<CheckResult>> RunAsync(EnvironmentPolicy policy, CancellationToken ct)
    {
        if (cluster is null)
            return Names.Select(n => CheckResult.Skip(n, skipReason)).ToList();

        return
        [
            await Guard(ApplicationStatus, () => ApplicationStatusAsync(policy, ct)),
            await Guard(ApplicationDryRun, () => ApplicationDryRunAsync(policy, ct)),
            await Guard(Endpoints, () => EndpointsAsync(policy, ct)),
            await Guard(Minio, () => MinioAsync(policy, ct)),
        ];
    }

    private async Task<CheckResult> ApplicationStatusAsync(EnvironmentPolicy policy, CancellationToken ct)
    {
        var applications = new ArgoApplications(cluster!, policy.Argocd.Namespace);
        var lines = new List<string>();
        var problems = new List<string>();
        foreach (var env in policy.EnvironmentNames)
        {
            var name = policy.ApplicationNameFor(env);
            var state = await applications.StateAsync(name, ct);
            if (state is null)
            {
                problems.Add($"Application {name} does not exist in {policy.Argocd.Namespace} — run ./build.sh ApplyArgo");
                continue;
            }
            lines.Add($"{name}: {state.Describe()}");
            // A manual-sync Application that was never synced has nothing deployed yet: Missing is its normal state.
            if (state.Health == "Degraded" || (state.Health == "Missing" && state.Automated))
                problems.Add($"{name} is {state.Health}");
            if (state.OperationPhase is "Failed" or "Error")
                problems.Add($"{name}: last sync {state.OperationPhase}: {state.OperationMessage}");
            if (state.Automated && state.Sync == "OutOfSync" && !state.OperationPending && state.OperationPhase != "Running")
                problems.Add($"{name} is auto-synced but OutOfSync with no sync running");
        }
        return problems.Count > 0
            ? CheckResult.Fail(ApplicationStatus, string.Join("\n", problems.Concat(lines)))
            : CheckResult.Pass(ApplicationStatus, string.Join("\n", lines));
    }

    private async Task<CheckResult> ApplicationDryRunAsync(EnvironmentPolicy policy, CancellationToken ct)
    {
        var applied = await new ArgoApplicationApplier(cluster!, repoRoot, policy).RunAsync(ct, dryRun: true);
        return CheckResult.Pass(ApplicationDryRun, $"dryRun=All accepted: {string.Join(", ", applied.Select(a => policy.ApplicationFileFor(a.Environment)))}");
    }

    private async Task<CheckResult> EndpointsAsync(EnvironmentPolicy policy, CancellationToken ct)
    {
        if (EndpointChecks.Count == 0)
            return CheckResult.Skip(Endpoints, "no endpoint checks registered");
        var results = new List<CheckResult>();
        foreach (var check in EndpointChecks) results.Add(await check(cluster!, policy, ct));
        var failed = results.Where(r => r.Status == CheckStatus.Failed).ToList();
        var detail = string.Join("\n", results.Select(r => r.Detail));
        return failed.Count > 0 ? CheckResult.Fail(Endpoints, detail) : CheckResult.Pass(Endpoints, detail);
    }

    private async Task<CheckResult> MinioAsync(EnvironmentPolicy policy, CancellationToken ct)
    {
        var report = await new MinioPreflight(cluster!, policy, TimeSpan.Zero, registerSecret)
            .RunAsync(new MinioEndpointOptions("", "", ""), create: false, ct);
        if (!report.Pod.Ready)
            return CheckResult.Fail(Minio, $"MinIO pod not Ready: {string.Join("; ", report.Pod.NotReady.Select(n => $"{n.Id}: {n.Why}"))}");
        var missing = report.Buckets.Where(b => b.State == BucketState.Missing).Select(b => b.Bucket).ToList();
        var detail = $"pod {report.Pod.Summary}; " +
                     $"buckets {string.Join(", ", report.Buckets.Select(b => $"{b.Bucket} {b.State.ToString().ToLowerInvariant()}"))}";
        return missing.Count > 0
            ? CheckResult.Fail(Minio, $"missing bucket(s) {string.Join(", ", missing)} — run ./build.sh MinioPreflight\n{detail}")
            : CheckResult.Pass(Minio, detail);
    }

    private static async Task<CheckResult> Guard(string name, Func<Task<CheckResult>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception e) when (e is ClusterException or InvalidOperationException or InvalidDataException)
        {
            return CheckResult.Fail(name, e.Message);
        }
    }
}
