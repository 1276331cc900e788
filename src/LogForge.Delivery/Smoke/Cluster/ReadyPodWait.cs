using System.Diagnostics;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.PortForward;
using Serilog;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// A Ready pod behind the environment's Service, waited for: a pod that has just started (a rollout, a restart) is
/// not Ready yet. Asks every half second until the timeout, with a progress line at once and then every five seconds;
/// after the timeout, one line naming the pods and why they are not Ready. A missing Service is not waited for.
/// </summary>
public sealed class ReadyPodWait(ClusterConnection cluster, ILogger log)
{
    public async Task<ServiceTarget> UntilReadyAsync(SmokeService service, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var nextProgress = TimeSpan.Zero;
        while (true)
        {
            var (target, noReadyPod) = await ServiceTarget.TryResolveAsync(cluster, service.Namespace, service.Name, service.Port, ct);
            if (target is not null)
            {
                if (clock.Elapsed > SmokeChecks.ReadyRetryInterval)
                    log.Information("Pod {Namespace}/{Pod} is Ready ({Seconds:0.0} s)", target.Namespace, target.Pod, clock.Elapsed.TotalSeconds);
                return target;
            }
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                throw new ClusterException($"{noReadyPod} after {Seconds(timeout)} — wait for the rollout (kubectl -n {service.Namespace} get pods), " +
                    "look at the pods' events, or raise --wait-timeout");
            if (clock.Elapsed >= nextProgress)
            {
                log.Information("{NoReadyPod} — asking again until {Timeout} have passed ({Elapsed} so far)", noReadyPod, Seconds(timeout), Seconds(clock.Elapsed));
                nextProgress = clock.Elapsed + SmokeChecks.ProgressInterval;
            }
            await Task.Delay(remaining < SmokeChecks.ReadyRetryInterval ? remaining : SmokeChecks.ReadyRetryInterval, ct);
        }
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";
}
