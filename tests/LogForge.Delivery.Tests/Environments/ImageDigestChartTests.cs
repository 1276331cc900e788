using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Environments;

/// <summary>image.digest in the chart: rendered as repository:tag@digest in both workloads, refused by the schema unless it is a sha256
/// digest, and a digest difference between staging and production is allowed like the tag's (the repository must match).</summary>
public sealed class ImageDigestChartTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Other = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    [Fact]
    public async Task Both_workloads_pull_the_image_by_tag_and_digest()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/env/staging/values.yaml", "tag: \"0.1.0\"\n", $"tag: \"0.1.0\"\n  digest: \"{Digest}\"\n");

        var render = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("staging");

        Assert.True(render.Succeeded, render.Failure);
        var images = ManifestDocument.ParseAll(render.Manifest).Where(d => d.Id.StartsWith("Deployment/", StringComparison.Ordinal))
            .SelectMany(RenderedEnvironment.Containers).Select(c => c.ScalarAt("image")).ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, image => Assert.Equal($"ghcr.io/logforge-dev/logforge:0.1.0@{Digest}", image));
        Assert.Contains("LOGFORGE_VERSION: \"0.1.0\"", render.Manifest);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("sha256:abc")]
    [InlineData("SHA256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    public async Task The_schema_refuses_a_digest_that_is_not_sha256_hex(string digest)
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/env/staging/values.yaml", "tag: \"0.1.0\"\n", $"tag: \"0.1.0\"\n  digest: \"{digest}\"\n");

        var render = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("staging");

        Assert.False(render.Succeeded);
        Assert.Contains("/image/digest", render.Failure);
    }

    [Theory]
    [InlineData("ghcr.io/logforge-dev/logforge", true)]
    [InlineData("ghcr.io/someone-else/logforge", false)]
    public void Parity_allows_another_digest_of_the_same_repository_only(string productionRepository, bool allowed)
    {
        var allowlist = new ParityAllowlist(EnvironmentPolicyLoader.Load(RepositoryRoot.Path).Parity);
        var difference = new ParityDifference("Deployment", "logforge", "spec.template.spec.containers[0].image",
            $"ghcr.io/logforge-dev/logforge:0.2.0@{Digest}", $"{productionRepository}:0.1.0@{Other}", "staging", "production");

        Assert.Equal(allowed, allowlist.Judge(difference).Allowed);
    }
}
