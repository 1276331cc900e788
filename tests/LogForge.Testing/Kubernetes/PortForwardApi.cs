// pods/portforward over WebSocket, subprotocol v4.channel.k8s.io (also served: no subprotocol, which the kubelet
// frames the same way, and v4.base64.channel.k8s.io: text frames, the channel as an ASCII digit, payload base64). Followed: kubernetes/kubernetes
// staging/src/k8s.io/kubelet/pkg/cri/streaming/portforward/websocket.go (two channels per requested port — data 2i,
// error 2i+1 —, the port as 2 little-endian bytes first on each channel, the error text written on the error channel,
// the connection closed once every port's forwarding ended), staging/src/k8s.io/apimachinery/pkg/util/httpstream/
// wsstream/conn.go (one channel byte in front of every binary message), pkg/registry/core/pod/rest/subresources.go
// (the pod must exist: 404 before any upgrade; a request that is not an upgrade gets 400 "Upgrade request required"),
// and kubernetes-client/csharp src/KubernetesClient/Kubernetes.WebSocket.cs + StreamDemuxer.cs (the client side).
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes;

internal static class PortForwardApi
{
    public const string Protocol = "v4.channel.k8s.io";
    public const string Base64Protocol = "v4.base64.channel.k8s.io";

    public static async Task<int> HandleAsync(ApiCall call, ObjectStore store, AccessControl access, PortForwardMap map,
        KubeApi api, CancellationToken shutdown)
    {
        var http = call.Http;
        if (http.Request.Method is not ("GET" or "POST"))
            throw StatusError.MethodNotAllowed();
        var pod = store.Get(new GroupResource("", "pods"), call.Info.Namespace, call.Info.Name)
                  ?? throw StatusError.NotFound("", "pods", call.Info.Name);
        if (!http.WebSockets.IsWebSocketRequest)
            throw StatusError.BadRequest("Upgrade request required");
        // AuthorizePodWebsocketUpgradeCreatePermission: a WebSocket GET also needs "create" on pods/portforward.
        access.Authorize(call.User, call.Info, "create");
        var ports = ParsePorts(http);
        var requested = http.WebSockets.WebSocketRequestedProtocols;
        string? protocol = requested.Count == 0 ? null : requested.FirstOrDefault(p => p is Protocol or Base64Protocol);
        if (requested.Count > 0 && protocol is null)
        {
            throw StatusError.BadRequest($"unable to upgrade websocket connection: requested protocol(s) are not supported: " +
                                         $"[{string.Join(" ", requested)}]; supports [ {Protocol} {Base64Protocol}]");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        map.CountConnection();
        api.Record(http, call.Info, 101, call);
        call.Recorded = true;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, shutdown);
        var session = new Session(socket, protocol == Base64Protocol, stop.Token);
        try
        {
            for (var i = 0; i < ports.Count; i++)
            {
                var prefix = new[] { (byte)(ports[i] & 0xff), (byte)(ports[i] >> 8) };
                await session.SendAsync((byte)(2 * i), prefix);
                await session.SendAsync((byte)(2 * i + 1), prefix);
            }
            var forwards = ports.Select((port, i) => ForwardAsync(session, pod, port, i, map)).ToList();
            var reading = session.ReadLoopAsync();
            await Task.WhenAll(forwards);
            await session.CloseAsync();
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
        return 101;
    }

    private static List<int> ParsePorts(HttpContext http)
    {
        var ports = new List<int>();
        foreach (var value in http.Request.Query["ports"])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ushort.TryParse(part, out var port) || port == 0)
                    throw StatusError.BadRequest($"unable to parse \"{value}\" as a port");
                ports.Add(port);
            }
        }
        if (ports.Count == 0)
            throw StatusError.BadRequest("query parameter \"port\" is required");
        return ports;
    }

    private static async Task ForwardAsync(Session session, JsonObject pod, int port, int index, PortForwardMap map)
    {
        var dataChannel = (byte)(2 * index);
        var errorChannel = (byte)(2 * index + 1);
        var (target, failure) = map.Resolve(pod, port);
        using var tcp = new TcpClient();
        if (target is not null)
        {
            try
            {
                await tcp.ConnectAsync(target, session.Token);
            }
            catch (SocketException)
            {
                failure = PortForwardMap.RefusedMessage(pod, port);
            }
        }
        if (failure is not null)
        {
            await session.SendAsync(errorChannel, Encoding.UTF8.GetBytes(failure));
            return;
        }
        var stream = tcp.GetStream();
        session.Attach(dataChannel, stream);
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, session.Token);
                if (read == 0)
                    break;
                await session.SendAsync(dataChannel, buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            session.Detach(dataChannel);
        }
    }

    /// <summary>One WebSocket: serialized sends, and the client's data frames routed to each port's TCP connection.</summary>
    private sealed class Session(WebSocket socket, bool base64, CancellationToken token)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly Dictionary<byte, NetworkStream> _targets = [];
        private readonly Dictionary<byte, List<byte[]>> _early = [];

        public CancellationToken Token { get; } = token;

        public async Task SendAsync(byte channel, ReadOnlyMemory<byte> payload)
        {
            byte[] frame;
            if (base64)
            {
                frame = Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(payload.Span));
            }
            else
            {
                frame = new byte[payload.Length + 1];
                frame[0] = channel;
                payload.CopyTo(frame.AsMemory(1));
            }
            await _send.WaitAsync(Token);
            try
            {
                if (socket.State == WebSocketState.Open)
                    await socket.SendAsync(frame, base64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, Token);
            }
            finally
            {
                _send.Release();
            }
        }

        public void Attach(byte channel, NetworkStream stream)
        {
            List<byte[]>? pending;
            lock (_targets)
            {
                _targets[channel] = stream;
                _early.Remove(channel, out pending);
            }
            foreach (var chunk in pending ?? [])
                stream.Write(chunk);
        }

        public void Detach(byte channel)
        {
            lock (_targets)
                _targets.Remove(channel);
        }

        public async Task ReadLoopAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                        break;
                    if (result.Count < 1)
                        continue;
                    if (base64)
                    {
                        var text = new StringBuilder(Encoding.ASCII.GetString(buffer, 0, result.Count));
                        while (!result.EndOfMessage)
                        {
                            result = await socket.ReceiveAsync(buffer, Token);
                            text.Append(Encoding.ASCII.GetString(buffer, 0, result.Count));
                        }
                        await DeliverAsync((byte)(text[0] - '0'), Convert.FromBase64String(text.ToString(1, text.Length - 1)));
                        continue;
                    }
                    var channel = buffer[0];
                    await DeliverAsync(channel, buffer.AsMemory(1, result.Count - 1));
                    while (!result.EndOfMessage)
                    {
                        result = await socket.ReceiveAsync(buffer, Token);
                        await DeliverAsync(channel, buffer.AsMemory(0, result.Count));
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or FormatException)
            {
            }
            finally
            {
                lock (_targets)
                {
                    foreach (var target in _targets.Values)
                    {
                        try
                        {
                            target.Socket.Shutdown(SocketShutdown.Send);
                        }
                        catch (Exception e) when (e is SocketException or ObjectDisposedException)
                        {
                        }
                    }
                }
            }
        }

        private async Task DeliverAsync(byte channel, ReadOnlyMemory<byte> data)
        {
            if (channel % 2 == 1 || data.Length == 0)
                return;
            NetworkStream? target;
            lock (_targets)
            {
                if (!_targets.TryGetValue(channel, out target))
                {
                    if (!_early.TryGetValue(channel, out var list))
                        _early[channel] = list = [];
                    list.Add(data.ToArray());
                    return;
                }
            }
            try
            {
                await target.WriteAsync(data, Token);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
            }
        }

        public async Task CloseAsync()
        {
            await _send.WaitAsync(Token);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", Token);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
