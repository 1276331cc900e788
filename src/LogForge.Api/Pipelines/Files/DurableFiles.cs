using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LogForge.Api.Pipelines.Files;

/// <summary>
/// The file-system calls the file pipeline needs and .NET does not give as needed on Linux:
/// <list type="bullet">
/// <item>fsync that reports failure. <c>FileStream.Flush(true)</c> cannot: the runtime's
/// <c>SystemNative_FSync</c> returns the sign bit of fsync's result (1, never -1), so the check for
/// &lt; 0 never fires and an EIO from fsync is dropped (seen in libSystem.Native.so of .NET 10.0.12 —
/// <c>shr $0x1f</c> on the result — and with strace fault injection).</item>
/// <item>a file's identity (device and inode) through <c>statx</c>, whose layout is the same on every
/// Linux architecture, to tell whether the path still leads to the file we hold open.</item>
/// <item>fsync of a directory, which .NET cannot open as a stream.</item>
/// </list>
/// Elsewhere (Windows: an open file cannot be deleted or moved without FileShare.Delete) the stream's
/// own flush is used and every file counts as being at its path.
/// </summary>
internal static partial class DurableFiles
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;
    private const int EIntr = 4;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // 02000000 on x64 and arm64 alike (O_DIRECTORY is not, so it is left out)

    static DurableFiles()
    {
        // The first call into a library that the runtime has not loaded yet reports a wrong errno
        // (seen: 203 for EBADF); a harmless first call keeps the real calls' errors readable.
        if (OperatingSystem.IsLinux())
        {
            _ = getpid();
        }
    }

    /// <summary>fsync, failing with an <see cref="IOException"/> that names the error.</summary>
    public static void Sync(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            stream.Flush(flushToDisk: true);
            return;
        }

        var handle = stream.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int result;
            do
            {
                result = fsync((int)handle.DangerousGetHandle());
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);

            if (result < 0)
            {
                throw new IOException($"fsync of {stream.Name} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// fsync of a directory, after a file was created in it: the file's data is durable once the file is
    /// fsynced, its name only once the directory is (without it a crash can lose a new segment whole).
    /// </summary>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = open(path, ORdOnly | OCloExec);
        if (fd < 0)
        {
            throw new IOException($"opening {path} to fsync it failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            int result;
            do
            {
                result = fsync(fd);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);

            if (result < 0)
            {
                throw new IOException($"fsync of {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>The identity of the open file.</summary>
    public static FileIdentity IdentityOf(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxIno, out var status) == 0
                ? status.Identity
                : throw new IOException($"statx of an open file failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The identity of the file at <paramref name="path"/>; null when nothing is there.</summary>
    public static FileIdentity? IdentityAt(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return default(FileIdentity);
        }

        if (statx(AtFdCwd, path, 0, StatxIno, out var status) == 0)
        {
            return status.Identity;
        }

        var error = Marshal.GetLastPInvokeError();
        return error is ENoEnt or ENotDir
            ? null
            : throw new IOException($"statx of {path} failed: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directoryFd, string path, int flags, uint mask, out Statx status);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial int getpid();

    /// <summary>The fields of the kernel's <c>struct statx</c> (256 bytes, same layout on every architecture) that identify a file.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;

        public readonly FileIdentity Identity => new(((ulong)DeviceMajor << 32) | DeviceMinor, Inode);
    }
}

/// <summary>Which file a path or an open handle refers to: device and inode.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode);
