using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class UsageErrorTests : IDisposable
{
    private readonly TestRun _run = new();

    private sealed class CycleBuild : BuildBase
    {
        Target Alpha => _ => _.DependsOn(Beta).Executes(() => { });
        Target Beta => _ => _.After(Gamma).Executes(() => { });
        Target Gamma => _ => _.DependsOn(Alpha).Executes(() => { });
        Target Free => _ => _.Executes(() => { });
    }

    [Fact]
    public void A_cycle_anywhere_in_the_graph_is_an_error_before_anything_runs()
    {
        var result = _run.Run(new CycleBuild(), "Free");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Empty(result.Targets);
        Assert.Equal("✗ Target cycle: Alpha → Beta → Gamma → Alpha (each waits for the next) — remove one of these DependsOn/After/Before/Triggers links.\n", _run.Error);
    }

    [Fact]
    public void An_unknown_target_suggests_the_nearest()
    {
        var result = _run.Run(new OrderingBuild(), "Compile", "Complie");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal("✗ Unknown target 'Complie'. Did you mean Compile? See ./build.sh --help for the targets.\n", _run.Error);
    }

    [Fact]
    public void An_unknown_option_suggests_the_nearest()
    {
        var result = _run.Run(new ParameterBuild(), "Show", "--verison", "1");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal("✗ Unknown option --verison. Did you mean --version? See ./build.sh --help for the options.\n", _run.Error);
    }

    [Fact]
    public void An_unknown_target_in_skip_is_an_error()
    {
        _run.Run(new OrderingBuild(), "Compile", "Compile", "--skip", "Restor");
        Assert.StartsWith("✗ Unknown target 'Restor'. Did you mean Restore?", _run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_parameters_file_is_one_line_and_stays_untouched()
    {
        const string broken = "{ \"Version\": \"v1\", \n  \"Replicas\": }";
        _run.WriteFile(".nuke/parameters.json", broken);
        var result = _run.Run(new ParameterBuild(), "Show");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal("✗ .nuke/parameters.json is not valid JSON (line 2, position 15) — fix the file or delete it.\n", _run.Error);
        Assert.Equal(broken, File.ReadAllText(Path.Combine(_run.Root, ".nuke/parameters.json")));
        Assert.False(File.Exists(Path.Combine(_run.Root, ".nuke/build.schema.json")));
    }

    [Fact]
    public void An_unknown_key_in_a_parameters_file_suggests_the_nearest()
    {
        _run.WriteFile(".nuke/parameters.json", """{ "Verson": "v1" }""");
        _run.Run(new ParameterBuild(), "Show");
        Assert.Equal("✗ .nuke/parameters.json sets unknown parameter \"Verson\". Did you mean Version? Remove or rename it (parameters: ./build.sh --help).\n", _run.Error);
    }

    [Fact]
    public void A_missing_profile_lists_the_existing_ones()
    {
        _run.WriteFile(".nuke/parameters.ci.json", "{}");
        var result = _run.Run(new ParameterBuild(), "Show", "--profile", "lab");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal("✗ Profile 'lab' not found: .nuke/parameters.lab.json does not exist (profiles: ci) — create the file or pass an existing --profile.\n", _run.Error);
    }

    [Fact]
    public void No_nuke_directory_is_an_error()
    {
        Directory.Delete(Path.Combine(_run.Root, ".nuke"));
        var result = _run.Run(new OrderingBuild(), "Compile");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.StartsWith("✗ No .nuke directory in ", _run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_successful_run_writes_the_parameter_schema()
    {
        _run.Run(new ParameterBuild(), "Show");
        var schema = File.ReadAllText(Path.Combine(_run.Root, ".nuke/build.schema.json"));
        Assert.Contains("\"Environment\": {", schema);
        Assert.Contains("\"Production\"", schema);
        Assert.Contains("\"additionalProperties\": false", schema);
        Assert.Contains("\"description\": \"GitHub token\"", schema);
    }

    [Theory]
    [InlineData("x/../../outside")]
    [InlineData("../parameters")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    public void A_profile_is_a_name_not_a_path(string profile)
    {
        File.WriteAllText(Path.Combine(_run.Root, "outside.json"), """{ "Version": "from-outside" }""");
        var result = _run.Run(new ParameterBuild(), "Show", "--profile", profile);
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal($"✗ --profile takes a name (letters, digits, '.', '-', '_'), not a path: '{profile}' — profiles are the files .nuke/parameters.NAME.json.\n", _run.Error);
        Assert.DoesNotContain("from-outside", _run.Output);
    }

    [Theory]
    [InlineData("--parallel=false", false)]
    [InlineData("--parallel=no", false)]
    [InlineData("--parallel=true", true)]
    [InlineData("--parallel", true)]
    public void A_switch_takes_its_value(string option, bool parallel)
    {
        _run.Run(new OrderingBuild(), "Compile", "Compile", "--plan", option);
        Assert.Contains(parallel ? "(parallel where independent)" : "(one at a time)", _run.Output);
    }

    [Fact]
    public void Plan_false_runs_instead_of_planning()
    {
        var result = _run.Run(new OrderingBuild(), "Compile", "Compile", "--plan=no");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Execution plan", _run.Output);
        Assert.Contains("Build succeeded", _run.Output);
    }

    [Theory]
    [InlineData("--plan=maybe", "✗ --plan is a switch: 'maybe' is not true or false — pass --plan or --plan=false.\n")]
    [InlineData("--verbose=", "✗ --verbose is a switch: '' is not true or false — pass --verbose or --verbose=false.\n")]
    public void A_switch_with_a_value_that_is_not_a_boolean_is_refused(string option, string expected)
    {
        var result = _run.Run(new OrderingBuild(), "Compile", "Compile", option);
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal(expected, _run.Error);
    }

    [Theory]
    [InlineData("--log-format", "json", "--log-format", "text")]
    [InlineData("--plan", "--plan")]
    [InlineData("--parallel", "--parallel=false")]
    public void A_repeated_single_value_engine_option_is_refused(params string[] options)
    {
        var result = _run.Run(new OrderingBuild(), "Compile", ["Compile", .. options]);
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Equal($"✗ {options[0]} is given twice — give it once.\n", _run.Error);
    }

    public void Dispose() => _run.Dispose();
}
