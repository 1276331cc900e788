using System.Runtime.InteropServices;

namespace LogForge.Delivery.Process;

/// <summary>
/// Signals a child and every process below it at once, as Ctrl-C in a terminal signals the whole foreground process group.
/// A child alone is not enough: git pushing over https runs git-remote-https, which outlives a git killed by SIGINT and keeps
/// the connection (and the pipes the build reads) open. Descendants are found through /proc (Linux); elsewhere only the child is
/// signalled.
/// </summary>
internal static class ProcessTree
{
    public const int SigInt = 2;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="root"/> and its descendants; one that has just ended is no error.</summary>
    public static void Signal(int root, int signal)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var pid in Descendants(root).Prepend(root))
            _ = kill(pid, signal);
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        if (!Directory.Exists("/proc")) return [];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ParentOf(directory) is not { } parent) continue;
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(pid);
        }
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        foreach (var child in children.GetValueOrDefault(pid) ?? [])
        {
            found.Add(child);
            queue.Enqueue(child);
        }
        return found;
    }

    /// <summary>The parent pid from /proc/PID/stat ("pid (comm) state ppid …"; comm may hold spaces and parentheses).</summary>
    private static int? ParentOf(string directory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var parent) ? parent : null;
        }
        catch (IOException)
        {
            return null; // ended while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
