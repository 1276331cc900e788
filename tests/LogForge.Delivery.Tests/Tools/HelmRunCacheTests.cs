using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Tests.Tools;

public sealed class HelmRunCacheTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    [Fact]
    public async Task Unchanged_inputs_are_answered_from_the_cache_with_the_same_manifest()
    {
        using var deploy = new DeployCopy();
        var first = await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("staging");
        var second = await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("staging");

        Assert.False(first.Template.FromCache);
        Assert.True(second.Template.FromCache);
        Assert.True(second.Lint.FromCache);
        Assert.Equal(first.Manifest, second.Manifest);
        Assert.Equal(first.Manifest, File.ReadAllText(second.OutputPath!));
    }

    [Fact]
    public async Task A_changed_byte_in_the_values_or_the_chart_runs_helm_again()
    {
        using var deploy = new DeployCopy();
        await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("staging");

        deploy.Replace("deploy/env/staging/values.yaml", "replicaCount: 2", "replicaCount: 3");
        var afterValues = await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("staging");
        Assert.False(afterValues.Template.FromCache);
        Assert.True(afterValues.Lint.FromCache); // lint reads the chart only
        Assert.Contains("replicas: 3", afterValues.Manifest);

        deploy.Append("deploy/helm/logforge/templates/NOTES.txt", "\nchanged\n");
        var afterChart = await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("staging");
        Assert.False(afterChart.Template.FromCache);
        Assert.False(afterChart.Lint.FromCache);
    }

    [Fact]
    public async Task Failed_runs_are_never_cached()
    {
        using var deploy = new DeployCopy();
        deploy.Append("deploy/env/dev/values.yaml", "\nnoSuchKey: 1\n");
        var first = await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("dev");
        var second = await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAsync("dev");

        Assert.False(first.Template.Succeeded);
        Assert.False(second.Template.FromCache);
        Assert.False(second.Template.Succeeded);
    }

    [Fact]
    public void The_key_covers_the_helm_version_and_the_arguments()
    {
        using var deploy = new DeployCopy();
        string Key(string version, params string[] arguments) =>
            HelmRunCache.Key(version, arguments, ["deploy/helm/logforge"], deploy.Root);

        Assert.Equal(Key("v4.1.4", "lint"), Key("v4.1.4", "lint"));
        Assert.NotEqual(Key("v4.1.4", "lint"), Key("v4.1.5", "lint"));
        Assert.NotEqual(Key("v4.1.4", "lint"), Key("v4.1.4", "lint", "--strict"));
    }

    [Fact]
    public async Task Rendering_every_environment_keeps_only_the_entries_that_run_used()
    {
        using var deploy = new DeployCopy();
        var cache = HelmRenderer.CacheDirectory(deploy.Root);
        await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAllAsync();
        var first = Directory.GetFiles(cache).Order().ToList();
        Assert.Equal(4, first.Count); // lint + three templates

        deploy.Replace("deploy/env/staging/values.yaml", "replicaCount: 2", "replicaCount: 3");
        await new HelmRenderer(deploy.Root, helm.Helm, useCache: true).RenderAllAsync();
        var second = Directory.GetFiles(cache).Order().ToList();

        Assert.Equal(4, second.Count);
        Assert.Equal(3, second.Intersect(first).Count()); // staging's old entry is gone, its new one is there
    }
}
