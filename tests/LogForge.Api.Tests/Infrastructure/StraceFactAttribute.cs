namespace LogForge.Api.Tests.Infrastructure;

/// <summary>
/// A test that injects a system call's failure into the running service with strace (-e inject=…:error=EIO),
/// the one way here to make a real fsync fail. Reported as skipped, with the reason, where strace is not
/// installed (apt-get install strace) or may not trace (ptrace refused, as in some containers).
/// </summary>
public sealed class StraceFactAttribute : FactAttribute
{
    private static readonly string? Unavailable = Probe();

    public StraceFactAttribute()
    {
        if (Unavailable is not null)
        {
            Skip = Unavailable;
        }
    }

    private static string? Probe()
    {
        if (!Commands.Exists("strace"))
        {
            return "strace is not installed (apt-get install strace): this test injects EIO into fsync with it";
        }

        var (exitCode, output) = Commands.Run("strace", "-f", "-qq", "--seccomp-bpf", "-o", "/dev/null", "-e", "trace=fsync", "true");
        return exitCode == 0 ? null : $"strace cannot trace here (exit code {exitCode}): {output.Trim()}";
    }
}
