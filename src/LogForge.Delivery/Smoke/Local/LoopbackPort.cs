using System.Net;
using System.Net.Sockets;

namespace LogForge.Delivery.Smoke.Local;

/// <summary>127.0.0.1 ports: a free one to give a service, and whether a service listens on one.</summary>
public static class LoopbackPort
{
    private const int RangeSize = 8000;
    private static readonly int RangeLow = Math.Max(1024, EphemeralLow() - RangeSize);
    private static int _next = Random.Shared.Next(RangeSize);

    /// <summary>
    /// A free port for a service that is told its port before it starts. Taken from below the kernel's ephemeral range:
    /// every port-0 bind and outgoing connection on the machine gets a port from that range, so none of them can take this
    /// one between the choice and the service's bind. (A port the kernel handed out for port 0 could be: a loaded test run
    /// saw another process's server get it, and LogForge exit with "address already in use".)
    /// </summary>
    public static int Free()
    {
        for (var tried = 0; tried < RangeSize; tried++)
        {
            var port = RangeLow + Interlocked.Increment(ref _next) % RangeSize;
            if (Bindable(port)) return port;
        }
        throw new InvalidOperationException($"no free port on 127.0.0.1 in {RangeLow}–{RangeLow + RangeSize - 1}");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of /proc/sys/net/ipv4/ip_local_port_range (Linux's default is 32768), or 32768 elsewhere.</summary>
    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
