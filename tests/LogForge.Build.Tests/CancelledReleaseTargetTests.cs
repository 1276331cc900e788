using LogForge.Build.Engine;
using LogForge.Delivery.Process;
using LogForge.Testing;
using LogForge.Testing.GitHub;

namespace LogForge.Build.Tests;

/// <summary>Release cancelled while GitHub makes its pull request (the fake carries the request out and holds the answer): in process
/// through the token, and once for real — the build as its own process, sent SIGINT as a terminal's Ctrl-C sends it.</summary>
public sealed class CancelledReleaseTargetTests : IAsyncLifetime
{
    private const string Token = "test-token-CancelledReleaseKnownToken0123456789";
    private const string CancelledLine = "■ Release: cancelled — re-run the same command to continue";
    private OriginRepository _origin = null!;
    private FakeGitHub _github = null!;
    private string _checkout = null!;

    public async Task InitializeAsync()
    {
        _origin = await OriginRepository.CreateAsync();
        await _origin.TagAsync("v0.2.0");
        _github = await FakeGitHub.StartAsync(Token);
        _github.AddRepository("logforge-dev", "logforge", _origin.BarePath);
        _checkout = await _origin.CloneAsync("checkout");
        var helm = Path.Combine(LogForge.Delivery.RepositoryLayout.ToolsCache(RepositoryRoot.Path), "helm");
        Directory.CreateDirectory(helm);
        Directory.CreateDirectory(Path.Combine(_checkout, ".tools"));
        Directory.CreateSymbolicLink(Path.Combine(_checkout, ".tools", "helm"), helm);
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _origin.Dispose();
    }

    private string PullsPath => "/repos/logforge-dev/logforge/pulls";

    private string[] Arguments =>
        ["Release", "--version", "v0.2.0", "--github-api-url", _github.ApiUrl, "--repository", "logforge-dev/logforge", "--log-format", "text"];

    private (BuildResult Result, string Output) Run(CancellationToken cancellation)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GITHUB_TOKEN"] = Token };
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget, new RunContext(Arguments, environment, _checkout, output, error, cancellation));
        return (result, output + error.ToString());
    }

    [Fact]
    public async Task Cancelled_after_the_pull_request_was_made_the_re_run_takes_it_and_opens_no_second_one()
    {
        var held = _github.Faults.Hold("POST", PullsPath, afterHandling: true);

        var (cancelled, output) = await CancelledRun.CancelWhenHeldAsync(Run, held);

        CancelledRun.AssertCancelled(cancelled, output, "Release");
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
        held.Release();
        Assert.DoesNotContain(Token, output);
        var before = _github.Requests.Count;

        var (rerun, rerunOutput) = Run(CancellationToken.None);

        Assert.True(rerun.ExitCode == 0, rerunOutput);
        Assert.Single(_github.Repository("logforge-dev", "logforge").PullRequests);
        Assert.Contains("pull request #1 ", rerunOutput);
        Assert.DoesNotContain(_github.Requests.Skip(before), r => r.Method == "POST" && r.Path == PullsPath);
        Assert.Equal("", await new LogForge.Delivery.Git.GitCli(_checkout).OutputAsync(["status", "--porcelain"], default));
    }

    /// <summary>The one test of the real signal (it costs a process start): BuildBase's SIGINT handler, the exit code the shell sees.</summary>
    [Fact]
    public async Task A_real_SIGINT_to_the_build_process_exits_130_with_the_one_line()
    {
        var held = _github.Faults.Hold("POST", PullsPath);
        var build = Path.Combine(AppContext.BaseDirectory, "_build.dll");
        var runner = new ProcessRunner();
        // env --default-signal=INT: the build gets SIGINT as a terminal's user has it. A test run started in the background by a
        // non-interactive shell (CI, nohup … &) inherits SIGINT ignored (POSIX: asynchronous commands without job control);
        // Process.Start keeps an ignored signal ignored, and .NET then never installs its SIGINT handler — the kill would do nothing.
        await using var process = runner.Start(new ProcessRequest("env", ["--default-signal=INT", Dotnet.Executable, build, .. Arguments])
        {
            WorkingDirectory = _checkout,
            Environment = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Token, ["CI"] = null, ["GITHUB_STEP_SUMMARY"] = null },
            Echo = OutputEcho.None,
        });
        try
        {
            await Task.WhenAny(held.Reached, process.Exited).WaitAsync(CancelledRun.HungAfter);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no pull request was held within {CancelledRun.HungAfter}; the build wrote:\n{process.StandardOutput}{process.StandardError}");
        }
        Assert.True(held.Reached.IsCompleted, $"the build ended before the pull request was held:\n{process.StandardOutput}{process.StandardError}");

        (await runner.RunAsync(new ProcessRequest("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))).EnsureSucceeded();
        var ended = await process.Exited.WaitAsync(CancelledRun.HungAfter);

        Assert.True(ended.ExitCode == BuildRunner.Cancelled, ended.StandardOutput + ended.StandardError);
        Assert.Contains(CancelledLine, ended.StandardOutput);
        Assert.DoesNotContain("   at ", ended.StandardOutput + ended.StandardError);
        Assert.Empty(_github.Repository("logforge-dev", "logforge").PullRequests); // held before it was carried out
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
    }
}
