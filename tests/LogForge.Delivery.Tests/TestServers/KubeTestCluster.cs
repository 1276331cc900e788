using k8s;
using k8s.Autorest;
using k8s.Models;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.TestServers;

/// <summary>A fake API server and a real KubernetesClient built from the kubeconfig it wrote, as production code gets it.</summary>
internal sealed class KubeTestCluster : IAsyncDisposable
{
    private readonly string _directory;

    private KubeTestCluster(FakeKubernetesServer server, Kubernetes client, string directory, string kubeconfig)
    {
        Server = server;
        Client = client;
        _directory = directory;
        Kubeconfig = kubeconfig;
    }

    public FakeKubernetesServer Server { get; }
    public Kubernetes Client { get; }
    public string Kubeconfig { get; }

    /// <summary>Controller delays of 20–60 ms keep the suite fast while still making every wait wait.</summary>
    public static async Task<KubeTestCluster> StartAsync(Action<FakeKubernetesOptions>? configure = null, string? kubeconfigToken = null)
    {
        var server = await FakeKubernetesServer.StartAsync(o =>
        {
            o.ControllerMinDelay = TimeSpan.FromMilliseconds(20);
            o.ControllerMaxDelay = TimeSpan.FromMilliseconds(60);
            configure?.Invoke(o);
        });
        var directory = Directory.CreateTempSubdirectory("fake-kube-").FullName;
        var path = server.WriteKubeconfig(Path.Combine(directory, "config"), "fake-test", kubeconfigToken);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        return new KubeTestCluster(server, new Kubernetes(config), directory, path);
    }

    public static V1Status StatusOf(HttpOperationException e) =>
        KubernetesJson.Deserialize<V1Status>(e.Response.Content);

    public static V1Patch Apply(string json) => new(json, V1Patch.PatchType.ApplyPatch);

    public static V1Patch Merge(string json) => new(json, V1Patch.PatchType.MergePatch);

    /// <summary>Polls until <paramref name="done"/> holds; after <see cref="FakeKubernetesServer.HungAfter"/> the test is hung and fails
    /// with the last value (a limit that only a hang reaches, never load).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + FakeKubernetesServer.HungAfter;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}; last: {KubernetesJson.Serialize(value)}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
