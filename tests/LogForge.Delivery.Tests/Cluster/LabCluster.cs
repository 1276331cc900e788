using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Tools;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Lab;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>A fake API server, a lab checkout whose upstream files are served locally, and a kubeconfig for the pair.</summary>
public sealed class LabCluster : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    private LabCluster(FakeKubernetesServer server, LabRepository lab, HelmTool helm)
    {
        Server = server;
        Lab = lab;
        Helm = helm;
        Kubeconfig = server.WriteKubeconfig(Path.Combine(lab.Root, "kubeconfig"), "lab");
    }

    public FakeKubernetesServer Server { get; }
    public LabRepository Lab { get; }
    public HelmTool Helm { get; }
    public string Kubeconfig { get; }
    public string Root => Lab.Root;

    public static async Task<LabCluster> StartAsync(HelmTool helm)
    {
        var server = await FakeKubernetesServer.StartAsync(o =>
        {
            o.ControllerMinDelay = TimeSpan.FromMilliseconds(50);
            o.ControllerMaxDelay = TimeSpan.FromMilliseconds(150);
        });
        return new LabCluster(server, await LabRepository.CreateAsync(helm), helm);
    }

    public ClusterConnection Connect(string? context = null) =>
        ClusterConnection.Open(new ClusterSettings(Kubeconfig, context, ClusterSettings.DefaultRequestTimeout));

    /// <summary>What Bootstrap applies in this lab (the stand-in upstream files, downloaded into the lab's .tools/lab/ on first use).</summary>
    public LabPlatform Platform() =>
        new(Root, VersionPins.Load(Root), new UpstreamCache(UpstreamCache.DirectoryUnder(Root), _http), new HelmCli(Helm));

    public async Task<BootstrapReport> BootstrapAsync(TimeSpan? timeout = null, TimeProvider? time = null)
    {
        using var cluster = Connect();
        return await new Bootstrapper(cluster, Platform(), timeout ?? TimeSpan.FromSeconds(30), time: time).RunAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        await Lab.DisposeAsync();
    }
}
