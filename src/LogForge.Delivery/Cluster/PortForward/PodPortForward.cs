using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using Serilog;

namespace LogForge.Delivery.Cluster.PortForward;

/// <summary>
/// `kubectl port-forward` without kubectl: a listener on 127.0.0.1 (a free port) whose every
/// connection gets its own port-forward WebSocket to the pod (KubernetesClient's
/// WebSocketNamespacedPodPortForwardAsync, subprotocol v4.channel.k8s.io), demultiplexed by
/// StreamDemuxer: channel 0 carries the data, channel 1 the kubelet's error text (e.g. nothing
/// listens on the port). Follows kubernetes-client/csharp examples/portforward/PortForward.cs and
/// the portforward protocol of k8s.io/apimachinery (one stream pair per connection).
/// </summary>
public sealed class PodPortForward : IAsyncDisposable
{
    private const string Protocol = "v4.channel.k8s.io";
    private readonly ClusterConnection _cluster;
    private readonly ServiceTarget _target;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ILogger _log;
    private readonly List<Task> _connections = [];

    private PodPortForward(ClusterConnection cluster, ServiceTarget target, ILogger log)
    {
        _cluster = cluster;
        _target = target;
        _log = log;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int LocalPort => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public Uri LocalUrl => new($"http://127.0.0.1:{LocalPort}/");

    /// <summary>The last message the kubelet sent on the error channel, if any.</summary>
    public string? LastError { get; private set; }

    public static PodPortForward Start(ClusterConnection cluster, ServiceTarget target, ILogger? log = null)
    {
        var forward = new PodPortForward(cluster, target, log ?? Log.ForContext<PodPortForward>());
        forward._log.Information("Forwarding 127.0.0.1:{Local} → pod {Namespace}/{Pod}:{Port} (Service {Service})",
            forward.LocalPort, target.Namespace, target.Pod, target.PodPort, target.Service);
        return forward;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections) _connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        catch (ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var socket = await _cluster.Api.WebSocketNamespacedPodPortForwardAsync(
                    _target.Pod, _target.Namespace, [_target.PodPort], Protocol, cancellationToken: _stop.Token);
                using var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
                demuxer.Start();
                await using var remote = demuxer.GetStream((byte?)0, (byte?)0);
                await using var errors = demuxer.GetStream((byte?)1, null);
                var local = client.GetStream();

                using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var upload = local.CopyToAsync(remote, done.Token);
                var download = remote.CopyToAsync(local, done.Token);
                var error = ReadErrorAsync(errors, done.Token);
                await Task.WhenAny(upload, download, error);
                await done.CancelAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
            {
                _log.Debug("Port-forward connection ended: {Reason}", e.Message);
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                LastError = e is k8s.Autorest.HttpOperationException http ? $"{(int?)http.Response?.StatusCode} {http.Response?.ReasonPhrase}" : e.Message;
                _log.Warning("Port-forward to {Namespace}/{Pod} refused: {Error}", _target.Namespace, _target.Pod, LastError);
            }
        }
    }

    private async Task ReadErrorAsync(Stream errors, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        int read;
        while ((read = await errors.ReadAsync(buffer, ct)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        if (text.Length > 0)
        {
            LastError = text.ToString().Trim();
            _log.Warning("Port-forward to {Namespace}/{Pod}:{Port}: {Error}", _target.Namespace, _target.Pod, _target.PodPort, LastError);
        }
        else
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_connections) open = [.. _connections];
        await Task.WhenAll(open);
        _stop.Dispose();
    }
}
