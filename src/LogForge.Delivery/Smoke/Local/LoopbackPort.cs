using System.Net;
using System.Net.Sockets;

namespace LogForge.Delivery.Smoke.Local;

/// <summary>127.0.0.1 ports: a free one to give a service, and whether a service listens on one.</summary>
public static class LoopbackPort
{
    /// <summary>A port the kernel just handed out as free (bound to port 0, then released).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
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
