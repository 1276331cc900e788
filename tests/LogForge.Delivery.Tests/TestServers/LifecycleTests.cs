using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using k8s;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Disposing_the_server_ends_open_watches_and_port_forwards_promptly()
    {
        var server = await FakeKubernetesServer.StartAsync(o => o.ControllerEnabled = false);
        var directory = Directory.CreateTempSubdirectory("fake-kube-").FullName;
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
                server.WriteKubeconfig(Path.Combine(directory, "config"))));
            server.SeedYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: quiet, namespace: default}
                spec: {containers: [{name: app, image: app:1}]}
                status: {phase: Running}
                """);
            using var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            server.PortForwards.Map("default", "quiet", 80, (IPEndPoint)silent.LocalEndpoint);
            using var socket = await client.WebSocketNamespacedPodPortForwardAsync("quiet", "default", [80], "v4.channel.k8s.io");
            var watchEnded = Task.Run(async () =>
            {
                try
                {
                    await foreach (var _ in client.CoreV1.WatchListNamespacedPodAsync("default"))
                    {
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                }
            });
            await KubeTestCluster.EventuallyAsync(() => Task.FromResult(server.Requests.All.Count(r => r.Verb == "watch")), n => n == 1, "the watch");

            var clock = Stopwatch.StartNew();
            await server.DisposeAsync();

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
            Assert.True(await Task.WhenAny(watchEnded, Task.Delay(5000)) == watchEnded, "the watch is still open");
            var buffer = new byte[64];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (WebSocketException)
            {
            }
            Assert.NotEqual(WebSocketState.Open, socket.State);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
