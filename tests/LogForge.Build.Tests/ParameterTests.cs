using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class ParameterTests : IDisposable
{
    private readonly TestRun _run = new();

    [Fact]
    public void Values_convert_to_every_supported_type()
    {
        var build = new ParameterBuild();
        var result = _run.Run(build, "Show", "--version", "v1.2.3", "--environment", "production", "--replicas", "3",
            "--dry-run", "--hosts", "a", "b,c", "--timeout", "90s", "--output-directory", "out");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("v1.2.3", Stage.Production, 3, true), (build.Version, build.Environment, build.Replicas, build.DryRun));
        Assert.Equal(["a", "b", "c"], build.Hosts);
        Assert.Equal(TimeSpan.FromSeconds(90), build.Timeout);
        Assert.Equal(Path.Combine(_run.Root, "out"), build.OutputDirectory!.Value);
    }

    [Fact]
    public void Precedence_is_command_line_then_environment_then_profile_then_parameters_json()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "$schema": "./build.schema.json", "Version": "from-json", "Replicas": 2 }""");
        _run.WriteFile(".nuke/parameters.ci.json", """{ "Version": "from-profile" }""");

        var fromJson = new ParameterBuild();
        _run.Run(fromJson, "Show");
        Assert.Equal(("from-json", 2), (fromJson.Version, fromJson.Replicas));

        var fromProfile = new ParameterBuild();
        _run.Run(fromProfile, "Show", "--profile", "ci");
        Assert.Equal(("from-profile", 2), (fromProfile.Version, fromProfile.Replicas));

        _run.Environment["LOGFORGE_VERSION"] = "from-prefixed-env";
        var fromPrefixedEnvironment = new ParameterBuild();
        _run.Run(fromPrefixedEnvironment, "Show", "--profile", "ci");
        Assert.Equal("from-prefixed-env", fromPrefixedEnvironment.Version);

        _run.Environment["VERSION"] = "from-env";
        var fromEnvironment = new ParameterBuild();
        _run.Run(fromEnvironment, "Show", "--profile", "ci");
        Assert.Equal("from-env", fromEnvironment.Version);

        var fromCommandLine = new ParameterBuild();
        _run.Run(fromCommandLine, "Show", "--profile", "ci", "--version", "from-cli");
        Assert.Equal(("from-cli", 2), (fromCommandLine.Version, fromCommandLine.Replicas));
    }

    [Fact]
    public void Help_says_where_each_value_came_from_and_masks_secrets()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "Replicas": 2 }""");
        _run.Environment["GITHUB_TOKEN"] = "ghs_supersecretvalue";
        var result = _run.Run(new ParameterBuild(), "Show", "--help", "--version", "v9");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("value: v9 (from command line)", _run.Output);
        Assert.Contains("value: 2 (from .nuke/parameters.json)", _run.Output);
        Assert.Contains("value: **** (from environment GITHUB_TOKEN)", _run.Output);
        Assert.Contains("value: 5m (from default)", _run.Output);
        Assert.Contains("env: VERSION, LOGFORGE_VERSION", _run.Output);
        Assert.Contains("Dev|Staging|Production", _run.Output);
        Assert.Contains("Release", _run.Output);
        Assert.Contains("depends on: Prepare", _run.Output);
        Assert.DoesNotContain("supersecretvalue", _run.Output);
    }

    [Fact]
    public void A_missing_required_parameter_fails_before_any_target_runs()
    {
        var build = new ParameterBuild();
        var result = _run.Run(build, "Release");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.False(build.Prepared);
        Assert.Empty(result.Targets);
        Assert.Equal(
            "✗ Target Release requires --version, which is not set — set it with --version <value>, environment VERSION or LOGFORGE_VERSION, or \"Version\" in .nuke/parameters.json.\n",
            _run.Error);
    }

    private sealed class ShellNameBuild : BuildBase
    {
        protected internal override string? EnvironmentPrefix => "LOGFORGE";
        [Parameter("Target env", PrefixedEnvironmentOnly = true)] public string Env { get; set; } = "";
        Target Show => _ => _.Executes(() => Serilog.Log.Information("env={Env}", Env));
    }

    [Fact]
    public void A_parameter_named_like_a_shell_variable_reads_only_the_prefixed_one()
    {
        _run.Environment["ENV"] = "/root/.shrc";
        var build = new ShellNameBuild();
        _run.Run(build, "Show");
        Assert.Equal("", build.Env);

        _run.Environment["LOGFORGE_ENV"] = "staging";
        var prefixed = new ShellNameBuild();
        _run.Run(prefixed, "Show");
        Assert.Equal("staging", prefixed.Env);
    }

    [Fact]
    public void The_plan_names_unmet_requirements_instead_of_failing()
    {
        var result = _run.Run(new ParameterBuild(), "Release", "--plan");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2. Release  (needs --version, not set; after Prepare; invoked)", _run.Output);
    }

    [Fact]
    public void A_satisfied_requirement_lets_the_target_run()
    {
        var build = new ParameterBuild();
        Assert.Equal(0, _run.Run(build, "Release", "--version", "v0.1.0").ExitCode);
        Assert.True(build.Released);
    }

    [Fact]
    public void A_conditional_requirement_is_checked_only_while_its_condition_holds()
    {
        var result = _run.Run(new ParameterBuild(), "Publish");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Empty(result.Targets);
        Assert.StartsWith("✗ Target Publish requires --github-token (except with --dry-run), which is not set — set it with --github-token <value>", _run.Error);

        var dry = new ParameterBuild();
        Assert.Equal(0, _run.Run(dry, "Publish", "--dry-run").ExitCode);
        Assert.True(dry.Released);
    }

    [Theory]
    [InlineData(new[] { "--replicas", "many" }, "✗ Parameter --replicas has the value 'many', which is not a whole number — pass a whole number.")]
    [InlineData(new[] { "--environment", "prod" }, "✗ Parameter --environment has the value 'prod', which is not one of Dev, Staging, Production — pass one of Dev, Staging, Production.")]
    [InlineData(new[] { "--timeout", "soon" }, "✗ Parameter --timeout has the value 'soon', which is not a duration such as 90s, 5m, 1h or 00:05:00 — pass a duration such as 90s, 5m, 1h or 00:05:00.")]
    [InlineData(new[] { "--version" }, "✗ --version needs a value — pass --version <string>.")]
    [InlineData(new[] { "--version", "a", "b" }, "✗ --version takes one value but got 2 (a b) — put target names before the options.")]
    public void Bad_values_are_one_line_usage_errors(string[] args, string expected)
    {
        var result = _run.Run(new ParameterBuild(), "Show", args);
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal(expected + "\n", _run.Error);
    }

    [Fact]
    public void Bad_environment_values_name_the_variable()
    {
        _run.Environment["LOGFORGE_REPLICAS"] = "x";
        _run.Run(new ParameterBuild(), "Show");
        Assert.Equal("✗ Parameter LOGFORGE_REPLICAS has the value 'x', which is not a whole number — pass a whole number.\n", _run.Error);
    }

    public void Dispose() => _run.Dispose();
}
