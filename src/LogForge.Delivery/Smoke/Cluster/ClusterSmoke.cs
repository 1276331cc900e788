using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.PortForward;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// Smoke of an environment in the cluster (dev, staging, production), as step 7 of the manual plan does it with
/// `kubectl port-forward` and curl, without kubectl: the API key from the runtime secret (unless read-only), a Ready
/// pod behind the env's Service (waited for), a native port-forward to it on a free 127.0.0.1 port, the checks over
/// it (1–5, or the read-only 1–3), the port-forward closed. The first row is the port-forward itself: it fails when
/// the kubelet wrote on the error channel, quoting what it wrote. What cannot start — no Service, no Ready pod within
/// the timeout, no runtime secret or key, an API failure — is a one-line <see cref="ClusterException"/>.
/// <paramref name="time"/> is the clock of the waits (a Ready pod, then /ready) and of the report (default: the system's).
/// </summary>
public sealed class ClusterSmoke(ClusterConnection cluster, Action<string> registerSecret, ILogger? log = null, TimeProvider? time = null)
{
    public const string PortForwardRow = "Port-forward";

    private readonly ILogger _log = log ?? Log.ForContext<ClusterSmoke>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="environment">An environment of deploy/env/policy.yaml, resolved where the target started.</param>
    /// <param name="expectedVersion">What /version must answer; null: image.tag in the environment's values file.</param>
    /// <param name="readOnly">Checks 1–3 only (/health, /ready, /version): nothing is posted, no key is read.</param>
    /// <param name="readyTimeout">How long a Ready pod, then a 200 from /ready, are waited for, together.</param>
    public async Task<SmokeReport> RunAsync(TargetEnvironment environment, ReleaseVersion? expectedVersion, bool readOnly, TimeSpan readyTimeout,
        CancellationToken ct)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var service = SmokeService.For(environment);
        var expected = SmokeExpectation.For(environment.Name, environment, expectedVersion);
        var apiKey = readOnly ? null : await RuntimeApiKey.ReadAsync(cluster, environment, registerSecret, ct);

        var target = await new ReadyPodWait(cluster, _log, _time).UntilReadyAsync(service, readyTimeout, ct);
        var found = _time.GetElapsedTime(started);
        var remaining = readyTimeout - found;
        await using var forward = PodPortForward.Start(cluster, target, _log);
        var route = $"{service.Description} → pod {target.Pod}:{target.PodPort}, forwarded from 127.0.0.1:{forward.LocalPort}";
        IReadOnlyList<SmokeCheckResult> checks;
        using (var smoke = new SmokeChecks(forward.LocalUrl, expected, _log, _time))
        {
            var readyWithin = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
            checks = apiKey is null
                ? await smoke.ReadOnlyAsync(readyWithin, ct)
                : await smoke.AllAsync(apiKey, readyWithin, dataDirectory: null, ct);
        }
        var portForward = forward.LastError is { } error
            ? SmokeCheckResult.Fail(PortForwardRow, found, $"the kubelet reported on the error channel: {error} ({route})")
            : SmokeCheckResult.Pass(PortForwardRow, found, $"{route}; no error from the kubelet");
        return new SmokeReport(environment.Name, $"LogForge in {environment.Name}: {route} ({cluster.Description})",
            [portForward, .. checks], startedAt, _time.GetElapsedTime(started));
    }
}
