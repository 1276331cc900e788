using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using LogForge.Delivery.Resilience;
using Serilog;

namespace LogForge.Delivery.Cluster.PortForward;

/// <summary>
/// `kubectl port-forward` without kubectl: a listener on 127.0.0.1 (a free port) whose every
/// connection gets its own port-forward WebSocket to the pod (KubernetesClient's
/// WebSocketNamespacedPodPortForwardAsync, subprotocol v4.channel.k8s.io), demultiplexed by
/// StreamDemuxer: channel 0 carries the data, channel 1 the kubelet's error text (e.g. nothing
/// listens on the port). Follows kubernetes-client/csharp examples/portforward/PortForward.cs and
/// the portforward protocol of k8s.io/apimachinery (one stream pair per connection). A transient answer to the upgrade
/// (5xx) is asked again (<see cref="ServicePolicies.KubernetesUpgradeAsync"/>) while the local connection waits.
/// </summary>
public sealed class PodPortForward : IAsyncDisposable
{
    private const string Protocol = "v4.channel.k8s.io";
    private readonly ClusterConnection _cluster;
    private readonly ServiceTarget _target;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _refused = new();
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

    /// <summary>Cancelled once the forward is refused (<see cref="LastError"/> says why): a client retrying its requests
    /// through the forward stops at once instead of asking a port that refuses until its wait timeout.</summary>
    public CancellationToken Refused => _refused.Token;

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
                var socket = await ServicePolicies.KubernetesUpgradeAsync($"pod {_target.Namespace}/{_target.Pod}", _cluster.Retry,
                    token => _cluster.Api.WebSocketNamespacedPodPortForwardAsync(_target.Pod, _target.Namespace, [_target.PodPort], Protocol,
                        cancellationToken: token),
                    _stop.Token);
                var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
                Stream? remote = null, errors = null;
                try
                {
                    demuxer.Start();
                    var pod = remote = demuxer.GetStream((byte?)0, (byte?)0);
                    var kubelet = errors = demuxer.GetStream((byte?)1, null);
                    var local = client.GetStream();

                    // StreamDemuxer's streams implement only the synchronous Read and Write, and Stream's
                    // default async wrappers serialize a pending read with every write: a response being
                    // awaited would hold back the request. So each direction gets a thread of its own.
                    var upload = OnOwnThread(() => Pump(local.Read, pod.Write));
                    var download = OnOwnThread(() => Pump(pod.Read, local.Write));
                    var error = OnOwnThread(() => ReadError(kubelet));
                    await Task.WhenAny(upload, download, error, Task.Delay(Timeout.Infinite, _stop.Token));
                }
                finally
                {
                    // StreamDemuxer.Dispose blocks until its receive loop has ended, and that loop's end is itself a
                    // ThreadPool continuation: disposing on a pool thread, a few forwards closing at once (Status closes
                    // three) hold every pool thread of a 2-core machine waiting for one, for the second or so the pool
                    // takes to grow. Disposing the demuxer (and the socket under it) on a thread of its own keeps the pool free.
                    await OnOwnThread(() =>
                    {
                        errors?.Dispose();
                        remote?.Dispose();
                        demuxer.Dispose();
                        socket.Dispose();
                    });
                }
            }
            catch (System.Net.WebSockets.WebSocketException e) when (e.Message.Contains("status code", StringComparison.Ordinal))
            {
                // KubernetesClient reports a refused upgrade (404 for a missing pod, 403) this way.
                Refuse(e.Message);
                _log.Warning("Port-forward to {Namespace}/{Pod} refused: {Error}", _target.Namespace, _target.Pod, LastError);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
            {
                _log.Debug("Port-forward connection ended: {Reason}", e.Message);
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                Refuse(e is k8s.Autorest.HttpOperationException http ? $"{(int?)http.Response?.StatusCode} {http.Response?.ReasonPhrase}" : e.Message);
                _log.Warning("Port-forward to {Namespace}/{Pod} refused: {Error}", _target.Namespace, _target.Pod, LastError);
            }
        }
    }

    private static Task OnOwnThread(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Copies until either side ends; the other side's disposal ends it too.</summary>
    private static void Pump(Func<byte[], int, int, int> read, Action<byte[], int, int> write)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int count;
            while ((count = read(buffer, 0, buffer.Length)) > 0)
                write(buffer, 0, count);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            // the connection ended
        }
    }

    /// <summary>Waits for the kubelet's error text (the channel stays silent while all is well).</summary>
    private void ReadError(Stream errors)
    {
        var buffer = new byte[4096];
        int count;
        try
        {
            count = errors.Read(buffer, 0, buffer.Length);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            return;
        }
        if (count == 0) return;
        var text = new StringBuilder(Encoding.UTF8.GetString(buffer, 0, count));
        var message = text.ToString().Trim();
        // Every connection of a client that retries gets the same text: a warning the first time, then at debug level.
        var level = message == LastError ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning;
        Refuse(message);
        _log.Write(level, "Port-forward to {Namespace}/{Pod}:{Port}: {Error}", _target.Namespace, _target.Pod, _target.PodPort, message);
    }

    private void Refuse(string message)
    {
        LastError = message;
        try
        {
            _refused.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // a connection still ending after disposal: nobody listens any more
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
        _refused.Dispose();
    }
}
