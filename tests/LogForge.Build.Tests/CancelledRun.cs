using LogForge.Build.Engine;
using LogForge.Testing.Http;

namespace LogForge.Build.Tests;

/// <summary>Ctrl-C in the middle of a target, in process: the build runs until a test server holds a request, then its token is
/// cancelled (what BuildBase does on SIGINT/SIGTERM); what it answered is checked as a user reads it.</summary>
internal static class CancelledRun
{
    /// <summary>How long a wait for the event may take before the test counts as hung, not slow. A whole Release run (a process start,
    /// helm's renders of the gate) reaching its pull request took over 60 s on a loaded 2-core machine (docs/testing.md), so the bound
    /// is far above any run seen; a passing test never waits for it.</summary>
    public static readonly TimeSpan HungAfter = TimeSpan.FromMinutes(5);

    public static async Task<(BuildResult Result, string Output)> CancelWhenHeldAsync(
        Func<CancellationToken, (BuildResult Result, string Output)> run, HeldRequest held)
    {
        using var cancellation = new CancellationTokenSource();
        var build = Task.Run(() => run(cancellation.Token));
        await Task.WhenAny(held.Reached, build).WaitAsync(HungAfter);
        if (!held.Reached.IsCompleted)
            Assert.Fail($"the build ended before {held} was held:\n{(await build).Output}");
        await cancellation.CancelAsync();
        return await build.WaitAsync(HungAfter);
    }

    /// <summary>Exit 130, the target Aborted with one line saying so, no stack trace, the summary's verdict.</summary>
    public static void AssertCancelled(BuildResult result, string output, string target)
    {
        Assert.True(result.ExitCode == BuildRunner.Cancelled, output);
        Assert.Equal(TargetStatus.Aborted, result.Targets.Single(t => t.Name == target).Status);
        Assert.Contains($"■ {target}: cancelled — re-run the same command to continue", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
        Assert.Contains("Build aborted", output);
    }

    /// <summary>Every local port a port-forward of the run listened on ("Forwarding 127.0.0.1:PORT → …") is closed.</summary>
    public static async Task AssertNoPortForwardListensAsync(string output)
    {
        var ports = System.Text.RegularExpressions.Regex.Matches(output, @"Forwarding 127\.0\.0\.1:(\d+)").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(ports);
        foreach (var port in ports)
        {
            using var client = new System.Net.Sockets.TcpClient();
            await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync(System.Net.IPAddress.Loopback, port));
        }
    }
}
