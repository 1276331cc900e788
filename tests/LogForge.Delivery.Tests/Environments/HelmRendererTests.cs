using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Environments;

public sealed class HelmRendererTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    [Fact]
    public async Task Renders_every_environment_into_artifacts_rendered()
    {
        using var deploy = new DeployCopy();

        var results = await new HelmRenderer(deploy.Root, helm.Helm).RenderAllAsync();

        Assert.Equal(["dev", "staging", "production"], results.Select(r => r.Environment));
        Assert.All(results, r => Assert.Same(results[0].Lint, r.Lint)); // the chart is linted once
        foreach (var result in results)
        {
            Assert.True(result.Succeeded, result.Failure);
            Assert.Equal(["lint", "--strict", "deploy/helm/logforge"], result.Lint.Arguments);
            Assert.Equal(["template", $"logforge-{result.Environment}", "deploy/helm/logforge", "-f", $"deploy/env/{result.Environment}/values.yaml", "--namespace", result.Environment], result.Template.Arguments);
            Assert.Equal(deploy.Path($"artifacts/rendered/{result.Environment}.yaml"), result.OutputPath);
            Assert.Equal(result.Manifest, File.ReadAllText(result.OutputPath!));
        }
    }

    [Fact]
    public async Task Renders_the_service_configuration_contract()
    {
        using var deploy = new DeployCopy();

        var staging = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("staging");
        var rendered = new RenderedEnvironment("staging", ManifestDocument.ParseAll(staging.Manifest));

        var config = Assert.Single(rendered.SettingsConfigMaps);
        var keys = config.At("data").Entries().Select(e => e.Key).ToHashSet();
        Assert.Superset(keys, new HashSet<string> { "LOGFORGE_ENVIRONMENT", "LOGFORGE_VERSION", "LOGFORGE_COMMIT", "LOGFORGE_PIPELINE_VERSION",
            "LOGFORGE_STORAGE_BACKEND", "LOGFORGE_KAFKA_ENABLED", "LOGFORGE_KAFKA_BOOTSTRAP_SERVERS", "LOGFORGE_KAFKA_TOPIC",
            "LOGFORGE_KAFKA_CONSUMER_GROUP", "LOGFORGE_MINIO_ENDPOINT", "LOGFORGE_MINIO_BUCKET", "LOGFORGE_MINIO_USE_SSL",
            "LOGFORGE_MAX_BODY_BYTES", "LOGFORGE_MAX_EVENTS_PER_REQUEST" });
        Assert.All(keys, k => Assert.StartsWith("LOGFORGE_", k));
        Assert.Equal("logforge-staging", config.ScalarAt("data", "LOGFORGE_MINIO_BUCKET"));

        var archiver = Assert.Single(rendered.ArchiverDeployments);
        Assert.Equal("logforge-archiver", archiver.Name);
        var api = Assert.Single(rendered.ApiDeployments);
        Assert.Equal(
            RenderedEnvironment.Containers(api).Single().ScalarAt("image"),
            RenderedEnvironment.Containers(archiver).Single().ScalarAt("image"));
        Assert.Single(rendered.OfKind("PodDisruptionBudget"));
        Assert.Empty(rendered.OfKind("PersistentVolumeClaim"));
        var test = Assert.Single(rendered.OfKind("Pod"));
        Assert.Equal("test", test.ScalarAt("metadata", "annotations", "helm.sh/hook"));
        Assert.Contains("http://logforge:8080/health", test.At("spec", "containers").Items().Single().At("args").Items().Select(a => a.ToShortText()));
    }

    [Fact]
    public async Task Dev_renders_a_volume_claim_no_archiver_and_no_disruption_budget()
    {
        using var deploy = new DeployCopy();

        var dev = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("dev");
        var rendered = new RenderedEnvironment("dev", ManifestDocument.ParseAll(dev.Manifest));

        Assert.Equal("PersistentVolumeClaim/logforge-data", Assert.Single(rendered.OfKind("PersistentVolumeClaim")).Id);
        Assert.Empty(rendered.ArchiverDeployments);
        Assert.Empty(rendered.OfKind("PodDisruptionBudget"));
        var container = RenderedEnvironment.Containers(Assert.Single(rendered.ApiDeployments)).Single();
        Assert.Equal(["LOGFORGE_API_KEYS", "ASPNETCORE_HTTP_PORTS"], container.At("env").Items().Select(e => e.ScalarAt("name")));
        Assert.Equal("true", container.ScalarAt("securityContext", "readOnlyRootFilesystem"));
    }
}
