using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.PortForward;
using LogForge.Delivery.Waiting;
using Serilog;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// A Ready pod behind the environment's Service, waited for: a pod that has just started (a rollout, a restart) is
/// not Ready yet. Asks every half second until the timeout, with a progress line at once and then every five seconds;
/// after the timeout, one line naming the pods and why they are not Ready. A missing Service is not waited for.
/// </summary>
public sealed class ReadyPodWait(ClusterConnection cluster, ILogger log, TimeProvider? time = null)
{
    public async Task<ServiceTarget> UntilReadyAsync(SmokeService service, TimeSpan timeout, CancellationToken ct)
    {
        var poll = await new PollWithProgress(log, time).UntilAsync(async token =>
        {
            var (target, noReadyPod) = await ServiceTarget.TryResolveAsync(cluster, service.Namespace, service.Name, service.Port, token);
            return new PollAnswer<ServiceTarget?>(target, target is not null, noReadyPod ?? "");
        }, PollSchedule.UntilReady(timeout), ct);

        if (poll.Last.Value is not { } ready)
            throw new ClusterException($"{poll.Last.Description} after {PollWithProgress.Seconds(timeout)}", "wait for the rollout " +
                $"(kubectl -n {service.Namespace} get pods), look at the pods' events, or raise --wait-timeout");
        if (poll.Attempts > 1)
            log.Information("Pod {Namespace}/{Pod} is Ready ({Seconds:0.0} s)", ready.Namespace, ready.Pod, poll.Elapsed.TotalSeconds);
        return ready;
    }
}
