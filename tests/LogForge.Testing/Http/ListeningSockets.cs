using System.Globalization;

namespace LogForge.Testing.Http;

/// <summary>
/// The listening sockets this process holds on a 127.0.0.1 port, by socket inode (Linux: /proc/net/tcp names each
/// socket's inode, /proc/self/fd links to the ones this process holds). A test asks while a listener is open and later
/// asks whether those very sockets are closed. Asking "does the port still accept connections?" instead cannot tell a
/// listener we left open from another one the kernel gave the freed port to (a port-0 bind takes it from the same range).
/// </summary>
public static class ListeningSockets
{
    private const string Listen = "0A"; // TCP_LISTEN in /proc/net/tcp's st column

    /// <summary>Inodes of the listening sockets on 127.0.0.1:<paramref name="port"/> that this process holds.</summary>
    public static IReadOnlySet<long> HeldOn(int port)
    {
        var local = $"0100007F:{port:X4}";
        var listening = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[1] == local && fields[3] == Listen)
            .Select(fields => long.Parse(fields[9], CultureInfo.InvariantCulture))
            .ToHashSet();
        listening.IntersectWith(HeldByThisProcess());
        return listening;
    }

    /// <summary>Which of <paramref name="inodes"/> this process still holds.</summary>
    public static IReadOnlySet<long> StillHeld(IEnumerable<long> inodes)
    {
        var held = inodes.ToHashSet();
        held.IntersectWith(HeldByThisProcess());
        return held;
    }

    private static HashSet<long> HeldByThisProcess()
    {
        var inodes = new HashSet<long>();
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while we listed them
            }
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                inodes.Add(long.Parse(target["socket:[".Length..^1], CultureInfo.InvariantCulture));
        }
        return inodes;
    }
}
