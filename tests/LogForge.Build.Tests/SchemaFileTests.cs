using LogForge.Testing;
using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

/// <summary>The committed .nuke/build.schema.json is the one the real parameters generate.</summary>
public sealed class SchemaFileTests
{
    [Fact]
    public void The_committed_schema_matches_the_build_parameters()
    {
        var expected = SchemaWriter.Generate(ParameterBinder.Discover(typeof(Build), "LOGFORGE"));
        var actual = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".nuke", "build.schema.json"));
        Assert.True(expected == actual, "run any ./build.sh target to regenerate .nuke/build.schema.json, then commit it");
    }
}
