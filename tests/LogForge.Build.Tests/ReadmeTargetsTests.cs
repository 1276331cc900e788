using LogForge.Testing;
using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

/// <summary>The README's targets table is the real graph, so it cannot drift.</summary>
public sealed class ReadmeTargetsTests
{
    private const string Start = "<!-- targets:start (generated from build/; a test keeps it equal) -->";
    private const string End = "<!-- targets:end -->";

    [Fact]
    public void The_readme_targets_table_matches_the_build_graph()
    {
        var expected = HelpWriter.TargetsMarkdown(TargetGraph.Discover(new Build()), Build.DefaultTarget);
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md needs the markers {Start} … {End}");
        var actual = readme[(from + Start.Length)..to].Trim('\n');
        if (Environment.GetEnvironmentVariable("UPDATE_README") == "1" && actual != expected.Trim('\n'))
        {
            File.WriteAllText(Path.Combine(RepositoryRoot.Path, "README.md"), readme[..(from + Start.Length)] + "\n" + expected + readme[to..]);
            return;
        }
        Assert.True(expected.Trim('\n') == actual, "README.md's targets table is out of date; run UPDATE_README=1 dotnet test tests/LogForge.Build.Tests --filter ReadmeTargets, or replace it with:\n" + expected);
    }
}
