using LogForge.Delivery.Checks;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Validation;

namespace LogForge.Delivery.Tests.Validation;

/// <summary>The gate with real helm on a mutated copy of deploy/: each policy breach fails with its precise message.
/// One row of <see cref="Table"/> per case: the edits to the copy, then what the gate's report must say.</summary>
public sealed class ValidationGateTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    private const string StagingValues = "deploy/env/staging/values.yaml";
    private const string ProductionValues = "deploy/env/production/values.yaml";
    private const string DevValues = "deploy/env/dev/values.yaml";
    private const string DevOnMinio = "  backend: minio\n  minio:\n    endpoint: minio.storage.svc.cluster.local:9000\n    bucket: logforge-dev\n";

    /// <summary>A row: the edits made to the copy of deploy/, then the assertions on the report (the copy at hand for its files).</summary>
    private sealed record GateCase(Action<DeployCopy> Edit, Action<ValidationReport, DeployCopy> Expect);

    private static readonly Dictionary<string, GateCase> Table = new(StringComparer.Ordinal)
    {
        ["The_repository_deploy_tree_passes"] = new(Edits(), (report, deploy) =>
        {
            Assert.True(report.Passed, ValidationReportTable.Format(report));
            Assert.Contains(report.Results, r => r.Name == "Parity staging vs production" && r.Status == CheckStatus.Passed);
            Assert.Equal(ClusterChecks.Names.Count, report.Count(CheckStatus.Skipped));
            Assert.All(report.Results.Where(r => r.Status == CheckStatus.Skipped), r => Assert.Equal("no cluster configured", r.Detail));
            foreach (var env in new[] { "dev", "staging", "production" })
                Assert.True(File.Exists(deploy.Path($"artifacts/rendered/{env}.yaml")), $"{env} rendered");
        }),

        ["Pod_annotations_over_the_API_servers_limit_render_but_fail_the_gate"] = new(
            Edits(Append(StagingValues, BigAnnotation()), Append(ProductionValues, BigAnnotation())), (report, _) =>
            {
                Assert.Contains(report.Results, r => r.Name == "HelmRender staging" && r.Status == CheckStatus.Passed);
                foreach (var env in new[] { "staging", "production" })
                {
                    var result = Assert.Single(report.Results, r => r.Name == $"Conformance {env}: labels and annotations");
                    Assert.Equal(CheckStatus.Failed, result.Status);
                    Assert.Contains($"{env}: Deployment/logforge: spec.template.metadata.annotations total 3072", result.Detail);
                    Assert.Contains("bytes; the API server allows 262144 (256 KiB)", result.Detail);
                }
            }),

        ["Staging_replicas_different_from_production_fail_parity"] = new(
            Edits(Replace(StagingValues, "replicaCount: 2\n", "replicaCount: 3\n")),
            Failed("Parity staging vs production", "Deployment/logforge  spec.replicas  staging=3  production=2")),

        ["Staging_limits_different_from_production_fail_parity"] = new(
            Edits(Replace(StagingValues, "    memory: 512Mi", "    memory: 1Gi")),
            Failed("Parity staging vs production",
                "Deployment/logforge  spec.template.spec.containers[name=api].resources.limits.memory  staging=1Gi  production=512Mi")),

        ["An_environment_identifier_that_differs_by_more_than_the_environment_name_fails_parity"] = new(
            Edits(Replace(StagingValues, "  consumerGroup: logforge-staging-archiver", "  consumerGroup: staging-archiver")),
            Failed("Parity staging vs production",
                "ConfigMap/logforge  data.LOGFORGE_KAFKA_CONSUMER_GROUP  staging=staging-archiver  production=logforge-production-archiver  " +
                "(Kafka topic and consumer group (logforge-<env>-logs, logforge-<env>-archiver) is an environment identifier: " +
                "production's value must be staging's with 'staging' replaced by 'production')")),

        ["A_kafka_topic_shared_with_another_environment_fails_conformance"] = new(
            Edits(Replace(ProductionValues, "  topic: logforge-production-logs", "  topic: logforge-staging-logs")),
            Failed("Conformance production: kafka",
                "production: Kafka topic is 'logforge-staging-logs' (ConfigMap/logforge data.LOGFORGE_KAFKA_TOPIC); " +
                "policy says 'logforge-production-logs'")),

        ["Staging_without_kafka_does_not_render_pipeline_two_needs_it"] = new(
            Edits(Replace(StagingValues, "  enabled: true", "  enabled: false")),
            Failed("HelmRender staging", "template: - at '/kafka/enabled': value must be true")),

        ["Automated_sync_on_production_fails"] = new(
            Edits(Replace("deploy/argocd/logforge-production.yaml", "  syncPolicy:\n",
                "  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n")),
            Failed("Argo production: logforge-production.yaml sync policy",
                "Application/logforge-production: spec.syncPolicy.automated is set; policy says manual sync for production")),

        ["Dev_with_storage_minio_does_not_render_pipeline_one_writes_files"] = new(
            Edits(Replace(DevValues, "  backend: file\n", DevOnMinio)),
            All(Failed("HelmRender dev", "deploy/env/dev/values.yaml does not render:"),
                Failed("HelmRender dev", "template: - at '/storage/backend': value must be 'file'"))),

        ["Dev_on_the_full_pipeline_two_with_minio_renders_but_breaks_the_dev_policy"] = new(
            Edits(Replace(DevValues, "  version: 1\n", "  version: 2\n"),
                Replace(DevValues, "  backend: file\n", DevOnMinio),
                Replace(DevValues, "kafka:\n  enabled: false\n",
                    "kafka:\n  enabled: true\n  bootstrapServers: logforge-kafka-bootstrap.kafka.svc.cluster.local:9092\n")),
            All((report, _) => Assert.Contains(report.Results, r => r.Name == "HelmRender dev" && r.Status == CheckStatus.Passed),
                Failed("Conformance dev: storage backend",
                    "dev: storage backend is 'minio' (ConfigMap/logforge data.LOGFORGE_STORAGE_BACKEND); policy says 'file'"),
                Failed("Conformance dev: storage backend",
                    "dev: storage file needs a PersistentVolumeClaim for LOGFORGE_DATA_DIR; none rendered"),
                Failed("Conformance dev: pipeline version",
                    "dev: pipeline version is '2' (ConfigMap/logforge data.LOGFORGE_PIPELINE_VERSION); policy says '1'"),
                Failed("Conformance dev: pipeline version",
                    "dev: pipeline 1 has no archiver, but Deployment/logforge-archiver is rendered"),
                Failed("Conformance dev: kafka",
                    "dev: Kafka enabled is 'true' (ConfigMap/logforge data.LOGFORGE_KAFKA_ENABLED); policy says 'false'"))),

        ["An_unknown_key_in_a_values_file_fails_the_render"] = new(
            Edits(Append(StagingValues, "replicaz: 3\n")),
            All(Failed("HelmRender staging", "deploy/env/staging/values.yaml does not render:"),
                Failed("HelmRender staging", "template: - at '': additional properties 'replicaz' not allowed"),
                (report, _) => Assert.Contains(report.Results, r => r.Name == "Conformance staging" && r.Status == CheckStatus.Skipped),
                (report, _) => Assert.Contains(report.Results, r => r.Name == "Parity staging vs production" && r.Status == CheckStatus.Skipped))),

        ["A_nested_unknown_key_fails_the_render"] = new(
            Edits(Replace(ProductionValues, "  bootstrapServers:", "  bootstrapServer: x\n  bootstrapServers:")),
            Failed("HelmRender production", "template: - at '/kafka': additional properties 'bootstrapServer' not allowed")),

        ["An_invalid_object_name_fails_conformance_though_helm_template_renders_it"] = new(
            Edits(Replace(StagingValues, "fullnameOverride: logforge", "fullnameOverride: LogForge_Staging")),
            All((report, _) => Assert.Contains(report.Results, r => r.Name == "HelmRender staging" && r.Status == CheckStatus.Passed),
                Failed("Conformance staging: object names", "staging: ConfigMap/LogForge_Staging: metadata.name is not a lowercase RFC 1123 subdomain"),
                Failed("Conformance staging: object names", "staging: Service/LogForge_Staging: metadata.name is not a DNS-1035 label"))),

        ["A_chart_that_does_not_lint_fails_once_for_all_environments"] = new(
            Edits(Replace("deploy/helm/logforge/Chart.yaml", "version: 0.2.0", "version: not-semver")), (report, _) =>
            {
                var lint = Assert.Single(report.Results, r => r.Name == "HelmLint");
                Assert.Equal(CheckStatus.Failed, lint.Status);
                Assert.StartsWith("deploy/helm/logforge does not lint:\n", lint.Detail);
                Assert.Contains("[ERROR] Chart.yaml: version 'not-semver' is not a valid SemVer", lint.Detail.Split('\n'));
            }),

        ["A_missing_value_file_fails_the_argo_check"] = new(
            Edits(Replace("deploy/argocd/logforge-staging.yaml", "- ../../env/staging/values.yaml", "- ../../env/stage/values.yaml")),
            Failed("Argo staging: logforge-staging.yaml source",
                "Application/logforge-staging: helm.valueFiles '../../env/stage/values.yaml' resolves to deploy/env/stage/values.yaml, " +
                "which does not exist")),

        ["Allowed_differences_pass_secret_keys_bucket_and_image_tag_during_promotion"] = new(
            Edits(Replace(StagingValues, "tag: \"0.1.0\"", "tag: \"0.2.0\""),
                Replace(StagingValues, "apiKeys: api-keys", "apiKeys: staging-api-keys"),
                Replace(StagingValues, "minioSecretKey: minio-secret-key", "minioSecretKey: staging-minio-secret")), (report, _) =>
            {
                Assert.True(report.Passed, ValidationReportTable.Format(report));
                var parity = Assert.Single(report.Results, r => r.Name == "Parity staging vs production");
                Assert.Contains("image tag during a promotion window", parity.Detail);
                Assert.Contains("secret keys", parity.Detail);
                Assert.Contains("runtime secret name", parity.Detail);
                Assert.Contains("MinIO bucket", parity.Detail);
                Assert.Contains("Kafka topic and consumer group", parity.Detail);
            }),

        ["A_different_image_repository_is_not_an_allowed_tag_difference"] = new(
            Edits(Replace(StagingValues, "repository: ghcr.io/logforge-dev/logforge", "repository: ghcr.io/someone-else/logforge")),
            All(Failed("Parity staging vs production",
                    "Deployment/logforge  spec.template.spec.containers[name=api].image  staging=ghcr.io/someone-else/logforge:0.1.0  " +
                    "production=ghcr.io/logforge-dev/logforge:0.1.0"),
                Failed("Conformance staging: image",
                    "staging: Deployment/logforge container api runs image 'ghcr.io/someone-else/logforge:0.1.0'; " +
                    "policy says ghcr.io/logforge-dev/logforge:<tag>"))),

        ["A_broken_policy_stops_the_gate_with_its_problem"] = new(
            Edits(Replace("deploy/env/policy.yaml", "    sync: manual ", "    sync: sometimes ")),
            Failed("Policy", "deploy/env/policy.yaml: environments.production.sync must be automated or manual")),
    };

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var name in Table.Keys)
            cases.Add(name);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_gate_reports_the_case(string name)
    {
        var row = Table[name];
        using var deploy = new DeployCopy();
        row.Edit(deploy);

        var report = await new ValidationGate(deploy.Root, helm.Helm).RunAsync();

        row.Expect(report, deploy);
    }

    private static string BigAnnotation() => $"\npodAnnotations:\n  example.com/blob: \"{new string('x', 300 * 1024)}\"\n";

    private static Action<DeployCopy> Edits(params Action<DeployCopy>[] edits) => deploy =>
    {
        foreach (var edit in edits)
            edit(deploy);
    };

    private static Action<DeployCopy> Replace(string relative, string old, string replacement) => deploy => deploy.Replace(relative, old, replacement);

    private static Action<DeployCopy> Append(string relative, string text) => deploy => deploy.Append(relative, text);

    private static Action<ValidationReport, DeployCopy> All(params Action<ValidationReport, DeployCopy>[] expectations) => (report, deploy) =>
    {
        foreach (var expect in expectations)
            expect(report, deploy);
    };

    private static Action<ValidationReport, DeployCopy> Failed(string check, string expectedLine) => (report, _) =>
    {
        var result = report.Results.SingleOrDefault(r => r.Name == check);
        Assert.True(result is not null, $"no check named '{check}' in:\n{ValidationReportTable.Format(report)}");
        Assert.True(result.Status == CheckStatus.Failed, $"'{check}' is {result.Status}: {result.Detail}");
        Assert.False(report.Passed);
        Assert.Contains(expectedLine, result.Detail.Split('\n'));
    };
}
