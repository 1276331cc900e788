using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>Where a pod's forwarded port really goes: a loopback TCP endpoint a test maps, or a failure message the
/// "kubelet" writes on the port's error channel.</summary>
public sealed class PortForwardMap
{
    private readonly object _gate = new();
    private readonly List<(string Namespace, string PodOrPrefix, LabelSelector? Selector, int Port, IPEndPoint? Target, string? Failure)> _rules = [];
    private int _connections;

    /// <summary>Port-forward WebSockets accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Forward <paramref name="port"/> of pod <paramref name="pod"/> (exact name, or a workload name: pods "name-…") to <paramref name="target"/>.</summary>
    public void Map(string ns, string pod, int port, IPEndPoint target)
    {
        lock (_gate)
            _rules.Insert(0, (ns, pod, null, port, target, null));
    }

    /// <summary>Forward <paramref name="port"/> of every pod in <paramref name="ns"/> matching <paramref name="labelSelector"/>.</summary>
    public void MapSelector(string ns, string labelSelector, int port, IPEndPoint target)
    {
        lock (_gate)
            _rules.Insert(0, (ns, "", LabelSelector.Parse(labelSelector), port, target, null));
    }

    /// <summary>Make forwarding to this pod's port fail with <paramref name="message"/> on the error channel (the kubelet's
    /// "error forwarding port …" text is used when <paramref name="message"/> is null).</summary>
    public void Fail(string ns, string pod, int port, string? message = null)
    {
        lock (_gate)
            _rules.Insert(0, (ns, pod, null, port, null, message ?? ""));
    }

    public void Clear()
    {
        lock (_gate)
            _rules.Clear();
    }

    internal void CountConnection() => Interlocked.Increment(ref _connections);

    internal (IPEndPoint? Target, string? Failure) Resolve(JsonObject pod, int port)
    {
        var ns = pod.Namespace();
        var name = pod.Name();
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Namespace != ns || rule.Port != port)
                    continue;
                var matches = rule.Selector is not null
                    ? rule.Selector.Matches(pod.Labels())
                    : rule.PodOrPrefix == name || name.StartsWith(rule.PodOrPrefix + "-", StringComparison.Ordinal);
                if (!matches)
                    continue;
                if (rule.Failure is not null)
                    return (null, rule.Failure.Length > 0 ? rule.Failure : RefusedMessage(pod, port));
                return (rule.Target, null);
            }
        }
        return (null, RefusedMessage(pod, port));
    }

    /// <summary>What containerd's port forwarder reports through the kubelet when nothing listens on the port
    /// (kubelet pkg/cri/streaming/portforward/websocket.go: "error forwarding port %d to pod %s, uid %v: %v").</summary>
    internal static string RefusedMessage(JsonObject pod, int port)
    {
        var sandbox = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pod.Uid())));
        return $"error forwarding port {port} to pod {sandbox}, uid : failed to execute portforward in network namespace " +
               $"\"/var/run/netns/cni-{pod.Uid()}\": failed to connect to localhost:{port} inside namespace \"{sandbox}\", " +
               $"IPv4: dial tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 [::1]:{port}: connect: connection refused ";
    }
}
