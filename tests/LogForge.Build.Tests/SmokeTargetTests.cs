using System.Text.RegularExpressions;
using LogForge.Build.Engine;
using LogForge.Delivery.Smoke;
using LogForge.Testing;

namespace LogForge.Build.Tests;

/// <summary>
/// `./build.sh Smoke --env local` as a developer runs it — the real Build class on this checkout, in process: helm renders
/// dev, LogForge runs from its build output, the table is printed, the reports are written; and afterwards nothing runs.
/// </summary>
public sealed partial class SmokeTargetTests : IDisposable
{
    private readonly string _stepSummary = Path.Combine(Directory.CreateTempSubdirectory("logforge-smoke-summary-").FullName, "summary.md");

    [Fact]
    public void Smoke_local_passes_on_the_committed_tree_and_leaves_nothing_running()
    {
        var run = Run(CancellationToken.None, "Smoke", "--env", "local", "--github-step-summary", _stepSummary);

        Assert.True(run.Result.ExitCode == 0, run.Output + run.Error);
        Assert.Equal(["Smoke"], run.Result.Targets.Select(t => t.Name));
        Assert.Contains("Smoke │ dev: rendered → artifacts/rendered/dev.yaml", run.Output);
        Assert.Matches(@"Smoke │ GET /version +Passed +\d+ ms +0\.1\.0 \(deploy/env/dev/values\.yaml image\.tag\); " +
            @"pipeline 1, file, Kafka off \(deploy/env/policy\.yaml dev\); environment local", run.Output);
        Assert.Contains("Smoke │ 11 passed, 0 failed, 0 skipped in ", run.Output);
        var report = SmokeReportJson.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "artifacts", "smoke-local.json")));
        Assert.True(report.Passed);
        Assert.Equal(11, report.Checks.Count);
        Assert.StartsWith("## Smoke local\n\n✅ passed: 11 passed, 0 failed, 0 skipped", File.ReadAllText(_stepSummary), StringComparison.Ordinal);
        AssertNothingLeft(run.Output);
    }

    [Fact]
    public void The_git_tag_of_the_deployed_version_is_the_same_version()
    {
        var run = Run(CancellationToken.None, "Smoke", "--env", "local", "--expect-version", "v0.1.0");

        Assert.True(run.Result.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("0.1.0 (requested); pipeline 1", run.Output);
    }

    [Fact]
    public void Another_expected_version_fails_the_version_row_and_the_target()
    {
        var run = Run(CancellationToken.None, "Smoke", "--env", "local", "--expect-version", "0.0.9");

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Matches(@"Smoke │ GET /version +Failed +\d+ ms +version: expected 0\.0\.9 \(requested\), got 0\.1\.0 — got 200 \{""version"":""0\.1\.0"",", run.Output);
        Assert.Contains("ERR Smoke │ ✗ Smoke: GET /version failed — see the table above or artifacts/smoke-local.md", run.Output);
        Assert.False(SmokeReportJson.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "artifacts", "smoke-local.json"))).Passed);
        AssertNothingLeft(run.Output);
    }

    [Fact]
    public void An_unknown_env_is_refused_with_the_valid_ones_before_anything_runs()
    {
        var run = Run(CancellationToken.None, "Smoke", "--env", "qa");

        Assert.Equal(BuildRunner.UsageError, run.Result.ExitCode);
        Assert.Empty(run.Result.Targets);
        Assert.Equal("✗ Smoke: --env qa is not an environment — pass one of local, dev, staging, production (deploy/env/policy.yaml, plus local)\n", run.Error);
    }

    [Fact]
    public void A_version_that_is_not_a_version_is_refused_with_the_expected_form()
    {
        var run = Run(CancellationToken.None, "Smoke", "--env", "local", "--expect-version", "banana");

        Assert.Equal(BuildRunner.UsageError, run.Result.ExitCode);
        Assert.Empty(run.Result.Targets);
        Assert.Equal("✗ Smoke: --expect-version banana is not a version — pass vMAJOR.MINOR.PATCH[-prerelease], e.g. v0.1.0 or v1.2.0-rc.1 (the v is optional)\n", run.Error);
    }

    [Fact]
    public void The_default_env_is_the_targets_own_staging_for_Smoke_and_not_set_in_the_parameters_file()
    {
        var run = Run(CancellationToken.None, "--help");

        Assert.Contains("env: LOGFORGE_ENV   value: (not set)", run.Output);
        Assert.Contains("over a port-forward), default staging; for History whose ledger, default production", run.Output);
    }

    [Fact]
    public void Ctrl_C_while_checking_stops_LogForge_and_removes_its_data()
    {
        using var cancellation = new CancellationTokenSource();
        var run = Run(cancellation.Token, line => { if (line.Contains("Smoke │ LogForge is listening", StringComparison.Ordinal)) cancellation.Cancel(); },
            "Smoke", "--env", "local");

        Assert.Equal(BuildRunner.Cancelled, run.Result.ExitCode);
        Assert.Equal(TargetStatus.Aborted, run.Result.Targets.Single(t => t.Name == "Smoke").Status);
        Assert.Contains("Smoke │ Stopped LogForge (pid", run.Output);
        AssertNothingLeft(run.Output);
    }

    private static (BuildResult Result, string Output, string Error) Run(CancellationToken ct, params string[] args) => Run(ct, _ => { }, args);

    private static (BuildResult Result, string Output, string Error) Run(CancellationToken ct, Action<string> onLine, params string[] args)
    {
        var output = new LineWatchingWriter(onLine);
        var error = new StringWriter();
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget,
            new RunContext(args, new Dictionary<string, string>(), RepositoryRoot.Path, output, error, ct));
        return (result, output.ToString(), error.ToString());
    }

    /// <summary>The LogForge process the output names has ended, its port is closed and its data directory is gone.</summary>
    private static void AssertNothingLeft(string output)
    {
        var listening = Listening().Match(output);
        Assert.True(listening.Success, "no 'LogForge is listening' line in:\n" + output);
        var pid = int.Parse(listening.Groups["pid"].Value);
        Assert.False(IsRunning(pid), $"LogForge (pid {pid}) is still running");
        Assert.False(LogForge.Delivery.Smoke.Local.LoopbackPort.AcceptsConnectionsAsync(int.Parse(listening.Groups["port"].Value), CancellationToken.None).GetAwaiter().GetResult());
        var data = DataDirectory().Match(output).Groups["path"].Value;
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), data, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), $"{data} is still there");
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"LogForge is listening on http://127\.0\.0\.1:(?<port>\d+)/ \(pid (?<pid>\d+),")]
    private static partial Regex Listening();

    [GeneratedRegex(@"; data in (?<path>/\S+)\n")]
    private static partial Regex DataDirectory();

    /// <summary>Collects the output and shows each line to a callback as it is written (the build writes whole lines).</summary>
    private sealed class LineWatchingWriter(Action<string> onLine) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (value is not null) onLine(value);
        }
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_stepSummary)!, recursive: true);
}
