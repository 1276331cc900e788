using LogForge.Delivery.Checks;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Validation;

namespace LogForge.Delivery.Tests.Validation;

/// <summary>The gate with real helm on a mutated copy of deploy/: each policy breach fails with its precise message.</summary>
public sealed class ValidationGateTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    private const string StagingValues = "deploy/env/staging/values.yaml";
    private const string ProductionValues = "deploy/env/production/values.yaml";

    [Fact]
    public async Task The_repository_deploy_tree_passes()
    {
        using var deploy = new DeployCopy();

        var report = await RunGate(deploy);

        Assert.True(report.Passed, ValidationReportTable.Format(report));
        Assert.Contains(report.Results, r => r.Name == "Parity staging vs production" && r.Status == CheckStatus.Passed);
        Assert.Equal(ClusterChecks.Names.Count, report.Count(CheckStatus.Skipped));
        Assert.All(report.Results.Where(r => r.Status == CheckStatus.Skipped), r => Assert.Equal("no cluster configured", r.Detail));
        foreach (var env in new[] { "dev", "staging", "production" })
            Assert.True(File.Exists(deploy.Path($"artifacts/rendered/{env}.yaml")), $"{env} rendered");
    }

    [Fact]
    public async Task Pod_annotations_over_the_API_servers_limit_render_but_fail_the_gate()
    {
        using var deploy = new DeployCopy();
        var big = $"\npodAnnotations:\n  example.com/blob: \"{new string('x', 300 * 1024)}\"\n";
        deploy.Append(StagingValues, big);
        deploy.Append(ProductionValues, big);

        var report = await RunGate(deploy);

        Assert.Contains(report.Results, r => r.Name == "HelmRender staging" && r.Status == CheckStatus.Passed);
        foreach (var env in new[] { "staging", "production" })
        {
            var result = Assert.Single(report.Results, r => r.Name == $"Conformance {env}: labels and annotations");
            Assert.Equal(CheckStatus.Failed, result.Status);
            Assert.Contains($"{env}: Deployment/logforge: spec.template.metadata.annotations total 3072", result.Detail);
            Assert.Contains("bytes; the API server allows 262144 (256 KiB)", result.Detail);
        }
    }

    [Fact]
    public async Task Staging_replicas_different_from_production_fail_parity()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "replicaCount: 2\n", "replicaCount: 3\n");

        var report = await RunGate(deploy);

        AssertFailed(report, "Parity staging vs production", "Deployment/logforge  spec.replicas  staging=3  production=2");
    }

    [Fact]
    public async Task Staging_limits_different_from_production_fail_parity()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "    memory: 512Mi", "    memory: 1Gi");

        var report = await RunGate(deploy);

        AssertFailed(report, "Parity staging vs production",
            "Deployment/logforge  spec.template.spec.containers[name=api].resources.limits.memory  staging=1Gi  production=512Mi");
    }

    [Fact]
    public async Task An_environment_identifier_that_differs_by_more_than_the_environment_name_fails_parity()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "  consumerGroup: logforge-staging-archiver", "  consumerGroup: staging-archiver");

        var report = await RunGate(deploy);

        AssertFailed(report, "Parity staging vs production",
            "ConfigMap/logforge  data.LOGFORGE_KAFKA_CONSUMER_GROUP  staging=staging-archiver  production=logforge-production-archiver  " +
            "(Kafka topic and consumer group (logforge-<env>-logs, logforge-<env>-archiver) is an environment identifier: " +
            "production's value must be staging's with 'staging' replaced by 'production')");
    }

    [Fact]
    public async Task A_kafka_topic_shared_with_another_environment_fails_conformance()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(ProductionValues, "  topic: logforge-production-logs", "  topic: logforge-staging-logs");

        var report = await RunGate(deploy);

        AssertFailed(report, "Conformance production: kafka",
            "production: Kafka topic is 'logforge-staging-logs' (ConfigMap/logforge data.LOGFORGE_KAFKA_TOPIC); policy says 'logforge-production-logs'");
    }

    [Fact]
    public async Task Staging_without_kafka_does_not_render_pipeline_two_needs_it()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "  enabled: true", "  enabled: false");

        var report = await RunGate(deploy);

        AssertFailed(report, "HelmRender staging", "template: - at '/kafka/enabled': value must be true");
    }

    [Fact]
    public async Task Automated_sync_on_production_fails()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/argocd/logforge-production.yaml", "  syncPolicy:\n", "  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n");

        var report = await RunGate(deploy);

        AssertFailed(report, "Argo production: logforge-production.yaml sync policy",
            "Application/logforge-production: spec.syncPolicy.automated is set; policy says manual sync for production");
    }

    [Fact]
    public async Task Dev_with_storage_minio_does_not_render_pipeline_one_writes_files()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/env/dev/values.yaml", "  backend: file\n", "  backend: minio\n  minio:\n    endpoint: minio.storage.svc.cluster.local:9000\n    bucket: logforge-dev\n");

        var report = await RunGate(deploy);

        AssertFailed(report, "HelmRender dev", "deploy/env/dev/values.yaml does not render:");
        AssertFailed(report, "HelmRender dev", "template: - at '/storage/backend': value must be 'file'");
    }

    [Fact]
    public async Task Dev_on_the_full_pipeline_two_with_minio_renders_but_breaks_the_dev_policy()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/env/dev/values.yaml", "  version: 1\n", "  version: 2\n");
        deploy.Replace("deploy/env/dev/values.yaml", "  backend: file\n", "  backend: minio\n  minio:\n    endpoint: minio.storage.svc.cluster.local:9000\n    bucket: logforge-dev\n");
        deploy.Replace("deploy/env/dev/values.yaml", "kafka:\n  enabled: false\n", "kafka:\n  enabled: true\n  bootstrapServers: logforge-kafka-bootstrap.kafka.svc.cluster.local:9092\n");

        var report = await RunGate(deploy);

        Assert.Contains(report.Results, r => r.Name == "HelmRender dev" && r.Status == CheckStatus.Passed);
        AssertFailed(report, "Conformance dev: storage backend",
            "dev: storage backend is 'minio' (ConfigMap/logforge data.LOGFORGE_STORAGE_BACKEND); policy says 'file'");
        AssertFailed(report, "Conformance dev: storage backend",
            "dev: storage file needs a PersistentVolumeClaim for LOGFORGE_DATA_DIR; none rendered");
        AssertFailed(report, "Conformance dev: pipeline version",
            "dev: pipeline version is '2' (ConfigMap/logforge data.LOGFORGE_PIPELINE_VERSION); policy says '1'");
        AssertFailed(report, "Conformance dev: pipeline version",
            "dev: pipeline 1 has no archiver, but Deployment/logforge-archiver is rendered");
        AssertFailed(report, "Conformance dev: kafka",
            "dev: Kafka enabled is 'true' (ConfigMap/logforge data.LOGFORGE_KAFKA_ENABLED); policy says 'false'");
    }

    [Fact]
    public async Task An_unknown_key_in_a_values_file_fails_the_render()
    {
        using var deploy = new DeployCopy();
        deploy.Append(StagingValues, "replicaz: 3\n");

        var report = await RunGate(deploy);

        AssertFailed(report, "HelmRender staging", "deploy/env/staging/values.yaml does not render:");
        AssertFailed(report, "HelmRender staging", "template: - at '': additional properties 'replicaz' not allowed");
        Assert.Contains(report.Results, r => r.Name == "Conformance staging" && r.Status == CheckStatus.Skipped);
        Assert.Contains(report.Results, r => r.Name == "Parity staging vs production" && r.Status == CheckStatus.Skipped);
    }

    [Fact]
    public async Task A_nested_unknown_key_fails_the_render()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(ProductionValues, "  bootstrapServers:", "  bootstrapServer: x\n  bootstrapServers:");

        var report = await RunGate(deploy);

        AssertFailed(report, "HelmRender production", "template: - at '/kafka': additional properties 'bootstrapServer' not allowed");
    }

    [Fact]
    public async Task An_invalid_object_name_fails_conformance_though_helm_template_renders_it()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "fullnameOverride: logforge", "fullnameOverride: LogForge_Staging");

        var report = await RunGate(deploy);

        Assert.Contains(report.Results, r => r.Name == "HelmRender staging" && r.Status == CheckStatus.Passed);
        AssertFailed(report, "Conformance staging: object names", "staging: ConfigMap/LogForge_Staging: metadata.name is not a lowercase RFC 1123 subdomain");
        AssertFailed(report, "Conformance staging: object names", "staging: Service/LogForge_Staging: metadata.name is not a DNS-1035 label");
    }

    [Fact]
    public async Task A_chart_that_does_not_lint_fails_once_for_all_environments()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/helm/logforge/Chart.yaml", "version: 0.2.0", "version: not-semver");

        var report = await RunGate(deploy);

        var lint = Assert.Single(report.Results, r => r.Name == "HelmLint");
        Assert.Equal(CheckStatus.Failed, lint.Status);
        Assert.StartsWith("deploy/helm/logforge does not lint:\n", lint.Detail);
        Assert.Contains("[ERROR] Chart.yaml: version 'not-semver' is not a valid SemVer", lint.Detail.Split('\n'));
    }

    [Fact]
    public async Task A_missing_value_file_fails_the_argo_check()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/argocd/logforge-staging.yaml", "- ../../env/staging/values.yaml", "- ../../env/stage/values.yaml");

        var report = await RunGate(deploy);

        AssertFailed(report, "Argo staging: logforge-staging.yaml source",
            "Application/logforge-staging: helm.valueFiles '../../env/stage/values.yaml' resolves to deploy/env/stage/values.yaml, which does not exist");
    }

    [Fact]
    public async Task Allowed_differences_pass_secret_keys_bucket_and_image_tag_during_promotion()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "tag: \"0.1.0\"", "tag: \"0.2.0\"");
        deploy.Replace(StagingValues, "apiKeys: api-keys", "apiKeys: staging-api-keys");
        deploy.Replace(StagingValues, "minioSecretKey: minio-secret-key", "minioSecretKey: staging-minio-secret");

        var report = await RunGate(deploy);

        Assert.True(report.Passed, ValidationReportTable.Format(report));
        var parity = Assert.Single(report.Results, r => r.Name == "Parity staging vs production");
        Assert.Contains("image tag during a promotion window", parity.Detail);
        Assert.Contains("secret keys", parity.Detail);
        Assert.Contains("runtime secret name", parity.Detail);
        Assert.Contains("MinIO bucket", parity.Detail);
        Assert.Contains("Kafka topic and consumer group", parity.Detail);
    }

    [Fact]
    public async Task A_different_image_repository_is_not_an_allowed_tag_difference()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(StagingValues, "repository: ghcr.io/logforge-dev/logforge", "repository: ghcr.io/someone-else/logforge");

        var report = await RunGate(deploy);

        AssertFailed(report, "Parity staging vs production",
            "Deployment/logforge  spec.template.spec.containers[name=api].image  staging=ghcr.io/someone-else/logforge:0.1.0  production=ghcr.io/logforge-dev/logforge:0.1.0");
        AssertFailed(report, "Conformance staging: image",
            "staging: Deployment/logforge container api runs image 'ghcr.io/someone-else/logforge:0.1.0'; policy says ghcr.io/logforge-dev/logforge:<tag>");
    }

    [Fact]
    public async Task A_broken_policy_stops_the_gate_with_its_problem()
    {
        using var deploy = new DeployCopy();
        deploy.Replace("deploy/env/policy.yaml", "    sync: manual ", "    sync: sometimes ");

        var report = await RunGate(deploy);

        AssertFailed(report, "Policy", "deploy/env/policy.yaml: environments.production.sync must be automated or manual");
    }

    private Task<ValidationReport> RunGate(DeployCopy deploy) => new ValidationGate(deploy.Root, helm.Helm).RunAsync();

    private static void AssertFailed(ValidationReport report, string check, string expectedLine)
    {
        var result = report.Results.SingleOrDefault(r => r.Name == check);
        Assert.True(result is not null, $"no check named '{check}' in:\n{ValidationReportTable.Format(report)}");
        Assert.True(result.Status == CheckStatus.Failed, $"'{check}' is {result.Status}: {result.Detail}");
        Assert.False(report.Passed);
        Assert.Contains(expectedLine, result.Detail.Split('\n'));
    }
}
