using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// The gate's "Cluster: endpoints /health /ready /version" row (registered in <see cref="ClusterChecks.EndpointChecks"/>):
/// Smoke's read-only checks over a port-forward for every environment Argo CD syncs by itself (policy
/// <c>sync: automated</c> — dev and staging; production changes only when a person promotes it, and Promote smoke-tests
/// it then). One line per environment: what was confirmed, or each failing check, or why it could not be checked.
/// </summary>
public sealed class GateEndpointCheck(string repoRoot, TimeSpan readyTimeout, ILogger? log = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<GateEndpointCheck>();

    public async Task<CheckResult> RunAsync(ClusterConnection cluster, EnvironmentPolicy policy, CancellationToken ct)
    {
        var lines = new List<string>();
        var failed = false;
        // Read-only: no key is read, so nothing reaches the masker.
        var smoke = new ClusterSmoke(cluster, _ => { }, _log);
        foreach (var environment in policy.EnvironmentNames.Where(e => policy.Environments[e].AutomatedSync))
        {
            try
            {
                var report = await smoke.RunAsync(TargetEnvironment.FromCheckout(repoRoot, policy, environment), expectedVersion: null,
                    readOnly: true, readyTimeout, ct);
                failed |= !report.Passed;
                lines.Add(report.Passed ? Confirmed(report) : string.Join("\n", report.Failures.Select(f => $"{environment}: {f.Name}: {f.Detail}")));
            }
            catch (Exception e) when (e is ClusterException or InvalidDataException)
            {
                failed = true;
                lines.Add($"{environment}: {e.Message}");
            }
        }
        var detail = string.Join("\n", lines);
        return failed ? CheckResult.Fail(ClusterChecks.Endpoints, detail) : CheckResult.Pass(ClusterChecks.Endpoints, detail);
    }

    /// <summary>`dev: GET /health, GET /ready, GET /version passed — 0.1.0 (deploy/env/dev/values.yaml image.tag); pipeline 1, …`.</summary>
    private static string Confirmed(SmokeReport report) =>
        $"{report.Environment}: {string.Join(", ", report.Checks.Where(c => c.Name != ClusterSmoke.PortForwardRow).Select(c => c.Name))} passed — " +
        report.Checks.Single(c => c.Name == SmokeCheckNames.Version).Detail;
}
