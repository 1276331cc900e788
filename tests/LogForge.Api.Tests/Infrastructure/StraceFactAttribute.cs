namespace LogForge.Api.Tests.Infrastructure;

/// <summary>
/// A test that injects a system call's failure into the running service with strace (-e inject=…:error=EIO),
/// the one way here to make a real fsync fail. Reported as skipped, with the reason, where strace is not
/// installed (apt-get install strace).
/// </summary>
public sealed class StraceFactAttribute : FactAttribute
{
    public StraceFactAttribute()
    {
        if (!Commands.Exists("strace"))
        {
            Skip = "strace is not installed (apt-get install strace): this test injects EIO into fsync with it";
        }
    }
}
