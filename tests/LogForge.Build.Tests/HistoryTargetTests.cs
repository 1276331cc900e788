using LogForge.Build.Engine;
using LogForge.Delivery.Git;
using LogForge.Testing;

namespace LogForge.Build.Tests;

/// <summary>./build.sh History on a clone: the ledger from git alone as a table, JSON events and a step summary; bad input is one line.</summary>
public sealed class HistoryTargetTests : IDisposable
{
    private readonly OriginRepository _origin = OriginRepository.CreateAsync().GetAwaiter().GetResult();
    private readonly string _summary = Path.Combine(Directory.CreateTempSubdirectory("logforge-history-summary-").FullName, "summary.md");

    [Fact]
    public async Task Prints_the_ledger_as_json_events_and_appends_markdown_to_the_step_summary()
    {
        await _origin.CommitAndPushAsync("promote: v0.3.0 to production\n\nPromoted-Version: v0.3.0\nGate: passed (1 passed, 0 failed, 0 skipped)\n" +
            "Actor: octocat", root => SetProductionTag(root, "0.3.0"));
        var checkout = await _origin.CloneAsync("checkout");

        var (code, output) = Run(checkout, "History", "--log-format", "json", "--github-step-summary", _summary);

        Assert.Equal(0, code);
        Assert.Contains("\"Kind\":\"Promotion\",\"Version\":\"v0.3.0\",\"Who\":\"octocat\"", output);
        Assert.Contains("\"Gate\":\"passed (1 passed, 0 failed, 0 skipped)\"", output);
        Assert.Contains("origin/main (origin's default branch as last fetched", output);
        var markdown = await File.ReadAllTextAsync(_summary);
        Assert.Contains("## Ledger of production", markdown);
        Assert.Contains("| promotion | v0.3.0 | — | — | octocat |", markdown);
    }

    [Theory]
    [InlineData(2, "✗ History: --limit 0 shows nothing — pass --limit 1 or more (default 20)", "--limit", "0")]
    [InlineData(1, "env: --env nosuch is not an environment of deploy/env/policy.yaml at", "--env", "nosuch")]
    public async Task Bad_input_is_one_line_and_a_non_zero_exit(int exitCode, string line, params string[] args)
    {
        var checkout = await _origin.CloneAsync("checkout");

        var (code, output) = Run(checkout, ["History", .. args]);

        Assert.Equal(exitCode, code);
        Assert.Single(output.Split('\n'), l => l.Contains(line, StringComparison.Ordinal) && l.Contains('✗'));
    }

    [Fact]
    public void A_folder_that_is_not_a_git_repository_is_one_line_and_exit_1()
    {
        var root = Directory.CreateTempSubdirectory("logforge-history-nogit-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));

        var (code, output) = Run(root, "History");

        Directory.Delete(root, recursive: true);
        Assert.Equal(1, code);
        Assert.Contains($"✗ History: git: {root} is not a git repository — run History in a clone of the repository", output);
    }

    private static (int Code, string Output) Run(string directory, params string[] args)
    {
        var output = new StringWriter();
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget,
            new RunContext(args, new Dictionary<string, string>(), directory, output, output, CancellationToken.None));
        return (result.ExitCode, output.ToString());
    }

    private static void SetProductionTag(string root, string tag)
    {
        var file = Path.Combine(root, "deploy/env/production/values.yaml");
        var text = File.ReadAllText(file);
        var at = LogForge.Delivery.Versions.ImageTagEdit.Locate(text, file);
        File.WriteAllText(file, text[..at.Start] + $"\"{tag}\"" + text[at.End..]);
    }

    public void Dispose()
    {
        _origin.Dispose();
        Directory.Delete(Path.GetDirectoryName(_summary)!, recursive: true);
    }
}
