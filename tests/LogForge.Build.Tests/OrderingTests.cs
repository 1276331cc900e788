using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class OrderingTests : IDisposable
{
    private readonly TestRun _run = new();

    [Fact]
    public void DependsOn_runs_dependencies_first()
    {
        var build = new OrderingBuild();
        var result = _run.Run(build, "Compile");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void After_orders_only_when_both_are_planned()
    {
        var alone = new OrderingBuild();
        _run.Run(alone, "Pack");
        Assert.DoesNotContain("Test", alone.Ran);

        var both = new OrderingBuild();
        _run.Run(both, "Pack", "Pack", "Test");
        Assert.True(both.Ran.IndexOf("Test") < both.Ran.IndexOf("Pack"), string.Join(",", both.Ran));
    }

    [Fact]
    public void Before_orders_a_target_ahead_when_both_are_planned()
    {
        var build = new OrderingBuild();
        _run.Run(build, "Compile", "Compile", "Lint");
        Assert.Equal(["Restore", "Lint", "Compile"], build.Ran.Where(r => r != "Announce"));
    }

    [Fact]
    public void Triggers_adds_the_triggered_target_after_the_trigger()
    {
        var build = new OrderingBuild();
        var result = _run.Run(build, "Pack");
        Assert.Equal(["Restore", "Compile", "Pack", "Announce"], build.Ran);
        Assert.All(result.Targets, t => Assert.Equal(TargetStatus.Succeeded, t.Status));
    }

    [Fact]
    public void Target_names_are_case_insensitive()
    {
        var build = new OrderingBuild();
        Assert.Equal(0, _run.Run(build, "Compile", "compile").ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void Plan_prints_the_order_and_runs_nothing()
    {
        var build = new OrderingBuild();
        var result = _run.Run(build, "Pack", "Pack", "--skip", "Restore", "--plan");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("1. Restore  (skipped: --skip)", _run.Output);
        Assert.Contains("2. Compile  (after Restore)", _run.Output);
        Assert.Contains("3. Pack  (after Compile; invoked)", _run.Output);
        Assert.Contains("4. Announce  (after Pack)", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}
