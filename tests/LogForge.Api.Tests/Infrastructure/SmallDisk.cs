namespace LogForge.Api.Tests.Infrastructure;

/// <summary>
/// A data directory that runs out of room under a running service (a child process), by one of two means:
/// <list type="bullet">
/// <item><b>tmpfs</b>: a 1 MiB tmpfs mounted on the directory, 256 KiB of it taken by a filler file
/// (writes fail with ENOSPC part-way). Needs the right to mount (root, as on the development machine).</item>
/// <item><b>RLIMIT_FSIZE</b>, where mounting is refused (CI runners without privileges): prlimit sets the
/// service's file-size limit to 1 MiB once it runs; a write across it is cut short and the rest fails
/// with EFBIG. The service must run with SIGXFSZ ignored (<see cref="Launcher"/>), as a shell's
/// <c>trap '' XFSZ</c> leaves it across exec. (Set before start, the limit stops the runtime itself.)</item>
/// </list>
/// <see cref="FreeSpace"/> deletes the filler, or lifts the limit. LOGFORGE_TEST_DISK_FULL=rlimit picks the
/// second means even where mounting works.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    public const long Size = 1024 * 1024;

    private readonly string _directory;
    private readonly bool _mounted;
    private int? _limitedPid;

    private SmallDisk(string directory, bool mounted)
    {
        _directory = directory;
        _mounted = mounted;
    }

    /// <summary>Which means this disk uses, for the test's output.</summary>
    public string Mechanism => _mounted ? "tmpfs of 1 MiB (ENOSPC)" : "RLIMIT_FSIZE of 1 MiB via prlimit (short write, then EFBIG)";

    /// <summary>Runs the service with SIGXFSZ ignored, so a write past RLIMIT_FSIZE fails with EFBIG instead of killing it.</summary>
    public static IReadOnlyList<string> Launcher { get; } = ["/bin/sh", "-c", "trap '' XFSZ; exec \"$@\"", "sh"];

    public static SmallDisk Create(string directory, bool allowMount = true)
    {
        Directory.CreateDirectory(directory);
        var wantsLimit = string.Equals(Environment.GetEnvironmentVariable("LOGFORGE_TEST_DISK_FULL"), "rlimit", StringComparison.OrdinalIgnoreCase);
        if (allowMount && !wantsLimit && Commands.Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", directory).ExitCode == 0)
        {
            var disk = new SmallDisk(directory, mounted: true);
            File.WriteAllBytes(disk.FillerPath, new byte[256 * 1024]);
            return disk;
        }

        if (!Commands.Exists("prlimit"))
        {
            throw new InvalidOperationException("Neither mount -t tmpfs nor prlimit (util-linux) is available for the disk-full tests.");
        }

        return new SmallDisk(directory, mounted: false);
    }

    private string FillerPath => Path.Combine(_directory, "filler.bin");

    /// <summary>For RLIMIT_FSIZE: limits the running service (pid of dotnet, which the launcher exec'd).</summary>
    public void Limit(int pid)
    {
        if (_mounted)
        {
            return;
        }

        var (exitCode, output) = Commands.Run("prlimit", "--pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--fsize={Size}:unlimited");
        Assert.True(exitCode == 0, $"prlimit failed: {output}");
        _limitedPid = pid;
    }

    public void FreeSpace()
    {
        if (_mounted)
        {
            File.Delete(FillerPath);
            return;
        }

        var (exitCode, output) = Commands.Run("prlimit", "--pid", _limitedPid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fsize=unlimited:unlimited");
        Assert.True(exitCode == 0, $"prlimit failed: {output}");
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Commands.Run("umount", "-l", _directory);
        }
    }
}
