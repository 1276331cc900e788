using LogForge.Delivery.Git;
using LogForge.Delivery.Process;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Release;

/// <summary>
/// A git command cancelled while it holds .git/index.lock (`git commit -a` keeps it while its pre-commit hook runs; the hook here
/// waits on a FIFO nobody writes): the runner's SIGINT reaches git and its hook, git removes its lock as it does on SIGINT (a SIGKILL
/// would leave it, and every later git command that writes the index would fail on it), nothing keeps running, and the next commit
/// works. Not an editor: git ignores SIGINT while its editor runs (editor.c) and acts on it only once the editor has ended.
/// And a child that ignores SIGINT is killed once the grace is over.
/// </summary>
public sealed class GitCancellationTests : IDisposable
{
    private static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);
    private readonly string _repository = Directory.CreateTempSubdirectory("logforge-git-cancel-").FullName;
    private readonly LogCapture _log = new();

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    private Task<string> LineAsync(string text)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.OnMessage = m =>
        {
            if (m.Contains(text, StringComparison.Ordinal)) seen.TrySetResult(m);
        };
        return seen.Task;
    }

    [Fact]
    public async Task A_cancelled_git_commit_removes_its_index_lock_and_its_hook_ends_with_it()
    {
        var git = new GitCli(_repository);
        await git.OutputAsync(["init", "--quiet", "--initial-branch=main"], default);
        await File.WriteAllTextAsync(Path.Combine(_repository, "file.txt"), "one\n");
        await git.OutputAsync(["add", "file.txt"], default);
        await git.OutputAsync(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "file"], default);
        await File.WriteAllTextAsync(Path.Combine(_repository, "file.txt"), "two\n");
        var fifo = Path.Combine(_repository, ".git", "hook-waits-here");
        (await new ProcessRunner().RunAsync(new ProcessRequest("mkfifo", [fifo]))).EnsureSucceeded();
        var hook = Path.Combine(_repository, ".git", "hooks", "pre-commit");
        await File.WriteAllTextAsync(hook, $"#!/bin/sh\necho hook is running >&2\nexec cat '{fifo}' >/dev/null\n");
        (await new ProcessRunner().RunAsync(new ProcessRequest("chmod", ["+x", hook]))).EnsureSucceeded();

        var hooked = LineAsync("hook is running");
        using var cancellation = new CancellationTokenSource();
        var runner = new ProcessRunner(_log.Logger);
        var commit = new GitCli(_repository, runner: runner).RunAsync(
            ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-a", "-m", "two"], cancellation.Token);
        await Task.WhenAny(hooked, commit).WaitAsync(HungAfter);
        Assert.True(hooked.IsCompleted, "git ended before its pre-commit hook ran: " + _log.Text);
        Assert.True(File.Exists(Path.Combine(_repository, ".git", "index.lock")), "git commit -a holds index.lock while its pre-commit hook runs");

        await cancellation.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit.WaitAsync(HungAfter));

        Assert.False(File.Exists(Path.Combine(_repository, ".git", "index.lock")), $"index.lock is left behind ({cancelled.Message}): {_log.Text}");
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d => CommandLine(d).Contains(fifo, StringComparison.Ordinal));
        await git.OutputAsync(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "--no-verify", "-a", "-m", "re-run"], default);
        Assert.Equal("re-run", await git.OutputAsync(["log", "-1", "--format=%s"], default));
    }

    [Fact]
    public async Task A_child_that_ignores_SIGINT_is_killed_after_the_grace()
    {
        var ready = LineAsync("ignoring SIGINT");
        using var cancellation = new CancellationTokenSource();
        var runner = new ProcessRunner(_log.Logger, cancelGrace: TimeSpan.FromMilliseconds(200));
        var ignoring = new ProcessRequest("sh", ["-c", "trap '' INT; echo ignoring SIGINT; exec sleep 600.4242"]) { Echo = OutputEcho.Information };
        var child = runner.RunAsync(ignoring, cancellation.Token);
        await Task.WhenAny(ready, child).WaitAsync(HungAfter);
        Assert.True(ready.IsCompleted, "the child ended before it said it was ready: " + _log.Text);

        await cancellation.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => child.WaitAsync(HungAfter));

        Assert.Contains("killed after", cancelled.Message);
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d => CommandLine(d) == "sleep\0600.4242\0");
    }

    private static string CommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
