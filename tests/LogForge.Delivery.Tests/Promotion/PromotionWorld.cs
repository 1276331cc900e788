using LogForge.Delivery.Cluster;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Tools;
using LogForge.Testing.Promotion;
using LogForge.Delivery.Smoke.Local;

namespace LogForge.Delivery.Tests.Promotion;

/// <summary>
/// The promotion scenario (real origin, fake GitHub) with a cluster: <see cref="PromotionCluster"/> (the fake API server with Argo CD's
/// Applications, every environment's pods played by a real LogForge), a connection to it, and the flows' production cluster on that
/// connection — what Promote, Rollback, Status and Doctor's coverage tests all start from.
/// </summary>
internal sealed class PromotionWorld : IAsyncDisposable
{
    private PromotionWorld(PromotionScenario scenario, PromotionCluster cluster, ClusterConnection connection) =>
        (Scenario, Cluster, Connection) = (scenario, cluster, connection);

    public PromotionScenario Scenario { get; }
    public PromotionCluster Cluster { get; }
    public ClusterConnection Connection { get; }

    public static async Task<PromotionWorld> StartAsync(HelmTool helm, ServiceBinary binary)
    {
        var scenario = await PromotionScenario.CreateAsync(helm);
        var cluster = await PromotionCluster.StartAsync(scenario.Origin, helm, binary);
        var connection = ClusterConnection.Open(new ClusterSettings(cluster.WriteKubeconfig(Path.Combine(scenario.Origin.Directory, "kubeconfig")), null,
            ClusterSettings.DefaultRequestTimeout));
        var world = new PromotionWorld(scenario, cluster, connection);
        world.UseCluster();
        return world;
    }

    /// <summary>The flows' cluster: the manual sync's timeout on <paramref name="syncClock"/> (null: the system's).</summary>
    public void UseCluster(TimeProvider? syncClock = null) =>
        Scenario.Cluster = new KubernetesProductionCluster(Connection, new ClusterSmoke(Connection, _ => { }, Scenario.Log.Logger), TimeSpan.FromSeconds(30),
            text => text, Scenario.Log.Logger, syncClock);

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Cluster.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}
