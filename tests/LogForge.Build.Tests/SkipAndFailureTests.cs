using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class SkipAndFailureTests : IDisposable
{
    private readonly TestRun _run = new();

    private sealed class FlowBuild : BuildBase
    {
        public bool PublishWanted { get; init; } = true;
        public bool LintFails { get; init; }
        public bool LintProceeds { get; init; }
        public List<string> Ran { get; } = [];

        Target Restore => _ => _.Executes(() => Ran.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Ran.Add(nameof(Compile)));
        Target Publish => _ => _.DependsOn(Compile).OnlyWhenDynamic(() => PublishWanted, "publishing is off").Executes(() => Ran.Add(nameof(Publish)));
        Target Report => _ => _.DependsOn(Publish).Executes(() => Ran.Add(nameof(Report)));
        Target Lint => _ => _
            .Executes(() =>
            {
                Ran.Add(nameof(Lint));
                if (LintFails) throw new InvalidOperationException("style violations in 3 files");
            })
            .ProceedAfterFailure(LintProceeds);
        Target Docs => _ => _.After(Lint).Executes(() => Ran.Add(nameof(Docs)));
        Target Ship => _ => _.DependsOn(Lint).Executes(() => Ran.Add(nameof(Ship)));
    }

    [Fact]
    public void Skip_with_names_skips_those_and_runs_the_rest()
    {
        var build = new FlowBuild();
        var result = _run.Run(build, "Report", "Report", "--skip", "Restore");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Compile", "Publish", "Report"], build.Ran);
        Assert.Equal(TargetStatus.Skipped, TestRun.StatusOf(result, "Restore"));
        Assert.Equal("--skip", result.Targets.Single(t => t.Name == "Restore").Note);
    }

    [Fact]
    public void Bare_skip_runs_only_the_invoked_targets()
    {
        var build = new FlowBuild();
        var result = _run.Run(build, "Report", "Report", "--skip");
        Assert.Equal(["Report"], build.Ran);
        Assert.Equal(3, result.Targets.Count(t => t.Status == TargetStatus.Skipped));
    }

    [Fact]
    public void A_false_condition_skips_with_its_reason_and_dependents_still_run()
    {
        var build = new FlowBuild { PublishWanted = false };
        var result = _run.Run(build, "Report");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "Report"], build.Ran);
        var publish = result.Targets.Single(t => t.Name == "Publish");
        Assert.Equal((TargetStatus.Skipped, "publishing is off"), (publish.Status, publish.Note));
    }

    [Fact]
    public void A_failure_stops_the_run_and_exits_1()
    {
        var build = new FlowBuild { LintFails = true };
        var result = _run.Run(build, "Lint", "Lint", "Docs");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Lint"], build.Ran);
        Assert.Equal((TargetStatus.Failed, "style violations in 3 files"), (result.Targets[0].Status, result.Targets[0].Note));
        Assert.Equal((TargetStatus.NotRun, "build stopped after Lint failed"), (result.Targets[1].Status, result.Targets[1].Note));
        Assert.Contains("✗ Lint: style violations in 3 files", _run.Output);
        Assert.Contains("Build failed", _run.Output);
    }

    [Fact]
    public void ProceedAfterFailure_lets_independent_targets_run_but_never_dependents()
    {
        var build = new FlowBuild { LintFails = true, LintProceeds = true };
        var result = _run.Run(build, "Lint", "Docs", "Ship");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Lint", "Docs"], build.Ran);
        Assert.Equal(TargetStatus.Succeeded, TestRun.StatusOf(result, "Docs"));
        var ship = result.Targets.Single(t => t.Name == "Ship");
        Assert.Equal((TargetStatus.NotRun, "dependency Lint did not succeed"), (ship.Status, ship.Note));
    }

    [Fact]
    public void The_summary_table_lists_every_planned_target()
    {
        var build = new FlowBuild { PublishWanted = false };
        _run.Run(build, "Report");
        Assert.Matches(@"Restore\s+Succeeded", _run.Output);
        Assert.Matches(@"Publish\s+Skipped\s+–\s+publishing is off", _run.Output);
        Assert.Contains("Build succeeded", _run.Output);
    }

    [Fact]
    public void The_summary_is_appended_to_the_github_step_summary()
    {
        var summary = Path.Combine(_run.Root, "step-summary.md");
        File.WriteAllText(summary, "earlier step\n");
        _run.Environment["GITHUB_STEP_SUMMARY"] = summary;
        _run.Run(new FlowBuild(), "Compile");
        var text = File.ReadAllText(summary);
        Assert.StartsWith("earlier step\n", text, StringComparison.Ordinal);
        Assert.Contains("| Compile | ✅ Succeeded |", text);
    }

    public void Dispose() => _run.Dispose();
}
