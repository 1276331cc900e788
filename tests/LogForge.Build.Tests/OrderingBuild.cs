using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

/// <summary>A graph exercising DependsOn, After, Before and Triggers.</summary>
internal sealed class OrderingBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    Target Restore => _ => _.Executes(() => Ran.Add(nameof(Restore)));
    Target Compile => _ => _.DependsOn(Restore).Executes(() => Ran.Add(nameof(Compile)));
    Target Pack => _ => _.DependsOn(Compile).After(Test).Triggers(Announce).Executes(() => Ran.Add(nameof(Pack)));
    Target Test => _ => _.DependsOn(Compile).Executes(() => Ran.Add(nameof(Test)));
    Target Lint => _ => _.Before(Compile).Executes(() => Ran.Add(nameof(Lint)));
    Target Announce => _ => _.Executes(() => Ran.Add(nameof(Announce)));
}
