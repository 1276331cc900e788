using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Environments;

/// <summary>Conformance checks on the real rendered staging manifest, edited as text to break one rule at a time.</summary>
public sealed class ConformanceChecksTests(ConformanceChecksTests.RenderedStaging staging) : IClassFixture<ConformanceChecksTests.RenderedStaging>
{
    public sealed class RenderedStaging : IAsyncLifetime
    {
        public string Manifest { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var helm = new HelmFixture();
            await helm.InitializeAsync();
            using var deploy = new DeployCopy();
            var render = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("staging");
            Assert.True(render.Succeeded, render.Failure);
            Manifest = render.Manifest;
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private static readonly EnvironmentPolicy Policy = EnvironmentPolicyLoader.Load(RepositoryRoot.Path);

    private IReadOnlyList<CheckResult> Check(Func<string, string> edit) =>
        new ConformanceChecks(Policy).Check(new RenderedEnvironment("staging", ManifestDocument.ParseAll(edit(staging.Manifest))));

    private static string[] FailureOf(IReadOnlyList<CheckResult> results, string aspect)
    {
        var result = Assert.Single(results, r => r.Name == $"Conformance staging: {aspect}");
        Assert.Equal(CheckStatus.Failed, result.Status);
        return result.Detail.Split('\n');
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{old}' not in the manifest");
        return text[..at] + replacement + text[(at + old.Length)..];
    }

    [Fact]
    public void The_rendered_staging_manifest_conforms()
    {
        var results = Check(m => m);

        Assert.Equal(11, results.Count);
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Name}: {r.Detail}"));
    }

    [Fact]
    public void An_object_in_another_namespace_fails()
    {
        var detail = FailureOf(Check(m => ReplaceFirst(m, "namespace: staging", "namespace: default")), "namespace");

        // helm orders objects by kind: the PodDisruptionBudget comes first.
        Assert.Equal(["staging: PodDisruptionBudget/logforge is in namespace 'default'; policy says 'staging'"], detail);
    }

    [Fact]
    public void A_secret_from_another_name_fails()
    {
        var detail = FailureOf(Check(m => ReplaceFirst(m, "name: logforge-staging-runtime", "name: logforge-production-runtime")), "runtime secret");

        // helm renders the archiver Deployment first.
        Assert.Equal(["staging: Deployment/logforge-archiver container archiver reads LOGFORGE_API_KEYS from secret 'logforge-production-runtime'; " +
            "policy says 'logforge-staging-runtime'"], detail);
    }

    [Fact]
    public void A_missing_pull_secret_fails_for_each_deployment()
    {
        var detail = FailureOf(Check(m => m.Replace("- name: ghcr-pull", "- name: dockerhub")), "pull secret");

        Assert.Equal(["staging: Deployment/logforge has no imagePullSecrets entry 'ghcr-pull'",
            "staging: Deployment/logforge-archiver has no imagePullSecrets entry 'ghcr-pull'"], detail.Order());
    }

    [Fact]
    public void A_wrong_readiness_path_fails()
    {
        var detail = FailureOf(Check(m => m.Replace("path: /ready", "path: /health")), "probes");

        Assert.Equal([
            "staging: Deployment/logforge container api readinessProbe path is '/health'; policy says '/ready'",
            "staging: Deployment/logforge-archiver container archiver readinessProbe path is '/health'; policy says '/ready'",
        ], detail.Order());
    }

    [Fact]
    public void Pipeline_two_without_the_archiver_fails()
    {
        var detail = FailureOf(Check(m => m.Replace("- archiver", "- api")), "pipeline version");

        Assert.Equal(["staging: pipeline 2 needs the archiver Deployment (--role archiver); none rendered"], detail);
    }

    [Fact]
    public void The_wrong_bucket_fails_storage()
    {
        var detail = FailureOf(Check(m => m.Replace("LOGFORGE_MINIO_BUCKET: \"logforge-staging\"", "LOGFORGE_MINIO_BUCKET: \"logforge-production\"")),
            "storage backend");

        Assert.Equal(["staging: MinIO bucket is 'logforge-production' (ConfigMap/logforge data.LOGFORGE_MINIO_BUCKET); policy says " +
            "'logforge-staging'"], detail);
    }

    [Fact]
    public void Annotations_over_256_KiB_in_total_fail_naming_the_object_and_the_size()
    {
        var big = new string('x', 300 * 1024);
        var detail = FailureOf(Check(m => ReplaceFirst(m, "      annotations:\n", $"      annotations:\n        big: \"{big}\"\n")), "labels and annotations");
        var line = Assert.Single(detail);
        Assert.Matches(@"^staging: Deployment/logforge-archiver: spec\.template\.metadata\.annotations total 3072\d\d bytes; the API server allows 262144 \(256 KiB\)", line);
    }

    [Fact]
    public void A_label_value_over_63_characters_and_a_bad_annotation_key_fail()
    {
        var longValue = new string('v', 64);
        var detail = FailureOf(Check(m => ReplaceFirst(
            ReplaceFirst(m, "app.kubernetes.io/part-of: logforge", $"app.kubernetes.io/part-of: {longValue}"),
            "      annotations:\n", "      annotations:\n        \"bad key!\": x\n")), "labels and annotations");
        Assert.Contains(detail, l => l.Contains("labels 'app.kubernetes.io/part-of' has a value of 64 characters; the API server allows 63",
            StringComparison.Ordinal));
        Assert.Contains(detail, l => l.Contains("annotations key 'bad key!' is not a qualified name", StringComparison.Ordinal));
    }
}
