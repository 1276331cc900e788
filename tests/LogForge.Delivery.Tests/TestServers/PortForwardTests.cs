using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using k8s;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class PortForwardTests
{
    private const string PodYaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: logforge-7d9f8c6b5-abcde
          namespace: default
          labels: {app: logforge}
        spec:
          containers: [{name: app, image: "ghcr.io/logforge/logforge:1.0.0", ports: [{containerPort: 8080}]}]
        status: {phase: Running}
        """;

    /// <summary>A one-request HTTP/1.0 server on loopback that answers every connection with <paramref name="body"/>.</summary>
    private sealed class TinyHttpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public TinyHttpServer(string body)
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var request = new StringBuilder();
                    var buffer = new byte[1024];
                    while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                            break;
                        request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                    Requests.Add(request.ToString());
                    var response = $"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                }
            });
        }

        public List<string> Requests { get; } = [];
        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Fact]
    public async Task The_forwarded_port_reaches_the_mapped_loopback_server_over_v4_channel_k8s_io()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.SeedYaml(PodYaml);
        await using var http = new TinyHttpServer("""{"status":"healthy"}""");
        cluster.Server.PortForwards.Map("default", "logforge", 8080, http.EndPoint);

        using var socket = await cluster.Client.WebSocketNamespacedPodPortForwardAsync("logforge-7d9f8c6b5-abcde", "default", [8080], "v4.channel.k8s.io");
        Assert.Equal("v4.channel.k8s.io", socket.SubProtocol);
        using var demux = new StreamDemuxer(socket, StreamType.PortForward);
        demux.Start();
        var stream = demux.GetStream((byte?)0, (byte?)0);
        var request = Encoding.ASCII.GetBytes("GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n");
        await stream.WriteAsync(request);

        var response = await ReadAllAsync(stream);

        Assert.StartsWith("HTTP/1.0 200 OK", response);
        Assert.EndsWith("""{"status":"healthy"}""", response);
        Assert.StartsWith("GET /health HTTP/1.0", Assert.Single(http.Requests));
        Assert.Equal(1, cluster.Server.PortForwards.Connections);
        Assert.Contains(cluster.Server.Requests.All, r => r.Path == "/api/v1/namespaces/default/pods/logforge-7d9f8c6b5-abcde/portforward"
                                                          && r.Query == "?ports=8080" && r.Status == 101);
    }

    [Fact]
    public async Task A_failing_forward_reports_on_the_error_channel()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.SeedYaml(PodYaml);
        cluster.Server.PortForwards.Fail("default", "logforge-7d9f8c6b5-abcde", 8080, "simulated: nothing listens on 8080");

        using var socket = await cluster.Client.WebSocketNamespacedPodPortForwardAsync("logforge-7d9f8c6b5-abcde", "default", [8080], "v4.channel.k8s.io");
        using var demux = new StreamDemuxer(socket, StreamType.PortForward);
        var errors = demux.GetStream((byte?)1, null);
        demux.Start();

        Assert.Equal("simulated: nothing listens on 8080", await ReadAllAsync(errors));
    }

    [Fact]
    public async Task An_unmapped_port_fails_like_the_kubelet_when_nothing_listens()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.SeedYaml(PodYaml);

        using var socket = await cluster.Client.WebSocketNamespacedPodPortForwardAsync("logforge-7d9f8c6b5-abcde", "default", [9000], "v4.channel.k8s.io");
        using var demux = new StreamDemuxer(socket, StreamType.PortForward);
        var errors = demux.GetStream((byte?)1, null);
        demux.Start();

        var message = await ReadAllAsync(errors);
        Assert.StartsWith("error forwarding port 9000 to pod ", message);
        Assert.Contains("dial tcp4 127.0.0.1:9000: connect: connection refused", message);
    }

    [Fact]
    public async Task A_missing_pod_is_404_before_any_upgrade()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);

        // KubernetesClient 21 on .NET 10 surfaces a refused upgrade as the WebSocketException itself (its retry-as-GET path
        // only runs for WebSocketError.HeaderError); the body is the Status a plain GET of the same URL returns.
        var e = await Assert.ThrowsAsync<WebSocketException>(() =>
            cluster.Client.WebSocketNamespacedPodPortForwardAsync("gone", "default", [8080], "v4.channel.k8s.io"));
        Assert.Contains("'404'", e.Message);

        using var get = await cluster.Client.HttpClient.GetAsync(new Uri(cluster.Client.BaseUri, "api/v1/namespaces/default/pods/gone/portforward?ports=8080"));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        var status = KubernetesJson.Deserialize<k8s.Models.V1Status>(await get.Content.ReadAsStringAsync());
        Assert.Equal(("NotFound", "pods \"gone\" not found"), (status.Reason, status.Message));
        Assert.Equal(0, cluster.Server.PortForwards.Connections);
    }

    [Fact]
    public async Task A_plain_get_of_an_existing_pod_s_portforward_asks_for_an_upgrade()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.SeedYaml(PodYaml);

        using var get = await cluster.Client.HttpClient.GetAsync(
            new Uri(cluster.Client.BaseUri, "api/v1/namespaces/default/pods/logforge-7d9f8c6b5-abcde/portforward?ports=8080"));

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal("Upgrade request required", KubernetesJson.Deserialize<k8s.Models.V1Status>(await get.Content.ReadAsStringAsync()).Message);
    }

    [Fact]
    public async Task The_base64_subprotocol_frames_channels_as_digits_with_base64_payloads()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.SeedYaml(PodYaml);
        await using var http = new TinyHttpServer("ok");
        cluster.Server.PortForwards.MapSelector("default", "app=logforge", 8080, http.EndPoint);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v4.base64.channel.k8s.io");
        var uri = new UriBuilder(cluster.Server.Url) { Scheme = "ws", Path = "api/v1/namespaces/default/pods/logforge-7d9f8c6b5-abcde/portforward", Query = "ports=8080" };
        await socket.ConnectAsync(uri.Uri, CancellationToken.None);
        await socket.SendAsync(Encoding.ASCII.GetBytes("0" + Convert.ToBase64String(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"))),
            WebSocketMessageType.Text, true, CancellationToken.None);

        var frames = new List<string>();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            if (result.MessageType == WebSocketMessageType.Close)
                break;
            frames.Add(Encoding.ASCII.GetString(buffer, 0, result.Count));
        }

        Assert.Equal("v4.base64.channel.k8s.io", socket.SubProtocol);
        Assert.Equal(["0kB8=", "1kB8="], frames.Take(2));
        var data = string.Concat(frames.Skip(2).Where(f => f[0] == '0').Select(f => Encoding.ASCII.GetString(Convert.FromBase64String(f[1..]))));
        Assert.StartsWith("HTTP/1.0 200 OK", data);
        Assert.EndsWith("ok", data);
    }
}
