using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Tests.Cluster.Faults;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>Smoke's cluster part under the API server's transient answers: the runtime secret's read, the pods' list, the
/// Service's read and the port-forward upgrade. Each is asked again; the checks pass and the port-forward row stays clean.</summary>
public sealed partial class ClusterSmokeTests
{
    [Theory]
    [InlineData("429", "get", "secrets", "logforge-dev-runtime")]
    [InlineData("503", "list", "pods", null)]
    [InlineData("reset", "get", "services", "logforge")]
    [InlineData("503", "connect", "pods/portforward", null)]
    public async Task A_transient_answer_on_the_way_to_the_pod_is_asked_again_and_every_check_passes(string fault, string verb, string resource, string? name)
    {
        await DeployDevAsync();
        _kube.Faults.Add(new FaultMatch(verb, resource, "dev", name), FaultedCluster.Transient(fault));
        var clock = new VirtualClock();

        using var cluster = FaultedCluster.Open(_kubeconfig, clock, _log);
        var report = await new ClusterSmoke(cluster, _ => { }, _log.Logger)
            .RunAsync(TargetEnvironment.FromCheckout(_deploy.Root, EnvironmentPolicyLoader.Load(_deploy.Root), "dev"), null, readOnly: false, Timeout, CancellationToken.None);

        Assert.True(report.Passed, SmokeReportTable.Format(report));
        Assert.Equal(0, _kube.Faults.Pending);
        var line = Assert.Single(_log.Messages, m => m.StartsWith("Kubernetes API: ", StringComparison.Ordinal) && m.Contains("asking again",
            StringComparison.Ordinal));
        Assert.Contains(verb == "connect" ? "503 to the port-forward upgrade of pod dev/logforge-" : FaultedCluster.Said(fault), line);
    }
}
