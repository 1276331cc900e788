using LogForge.Delivery.Checks;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// Checks one environment's rendered manifests against its policy: namespace, pipeline version,
/// storage backend, Kafka on/off, runtime secret name, pull secret, probe paths, image repository, metrics
/// (ServiceMonitor and Grafana dashboard where the policy says, scraping every Deployment);
/// and that every object has a valid Kubernetes name (what `helm lint` would flag per environment) and
/// labels and annotations the API server accepts.
/// </summary>
public sealed partial class ConformanceChecks(EnvironmentPolicy policy)
{
    public IReadOnlyList<CheckResult> Check(RenderedEnvironment rendered)
    {
        var env = rendered.Name;
        var rule = policy.Environments[env];
        string Name(string aspect) => $"Conformance {env}: {aspect}";

        var settings = rendered.SettingsConfigMaps;
        if (settings.Count != 1)
        {
            var problem = $"{env}: expected one ConfigMap with the LOGFORGE_* settings, found {settings.Count}";
            return [CheckResult.Fail(Name("settings ConfigMap"), problem)];
        }
        var config = settings[0];

        return
        [
            CheckResult.FromProblems(Name("namespace"), NamespaceProblems(rendered, rule),
                $"all {rendered.Documents.Count} objects in namespace {rule.Namespace}"),
            CheckResult.FromProblems(Name("pipeline version"), PipelineProblems(rendered, rule, config), $"pipeline {rule.PipelineVersion}"),
            CheckResult.FromProblems(Name("storage backend"), StorageProblems(rendered, rule, config), $"storage {rule.StorageBackend}"),
            CheckResult.FromProblems(Name("kafka"), KafkaProblems(env, rule, config),
                rule.Kafka ? $"Kafka enabled, topic {policy.KafkaTopicFor(env)}, group {policy.KafkaConsumerGroupFor(env)}" : "Kafka disabled"),
            CheckResult.FromProblems(Name("runtime secret"), SecretProblems(rendered, rule), $"secrets from {policy.RuntimeSecretFor(env)}"),
            CheckResult.FromProblems(Name("pull secret"), PullSecretProblems(rendered), $"imagePullSecrets {policy.PullSecret}"),
            CheckResult.FromProblems(Name("probes"), ProbeProblems(rendered), $"liveness {policy.Probes.Liveness}, readiness {policy.Probes.Readiness}"),
            CheckResult.FromProblems(Name("image"), ImageProblems(rendered), $"images from {policy.Image.Repository}"),
            CheckResult.FromProblems(Name("metrics"), MetricsConformance.Problems(rendered, rule, policy.Metrics),
                MetricsConformance.Summary(rule, policy.Metrics)),
            CheckResult.FromProblems(Name("object names"), NameProblems(rendered), "valid Kubernetes names"),
            CheckResult.FromProblems(Name("labels and annotations"),
                rendered.Documents.SelectMany(MetadataLimits.Problems).Select(p => $"{env}: {p}").ToList(),
                "within the API server's limits"),
        ];
    }

    /// <summary>Services need a DNS-1035 label, everything else a lowercase RFC 1123 subdomain.</summary>
    private static List<string> NameProblems(RenderedEnvironment rendered)
    {
        var problems = new List<string>();
        foreach (var document in rendered.Documents)
        {
            var (valid, rule) = document.Kind == "Service"
                ? (document.Name.Length <= 63 && Dns1035Label().IsMatch(document.Name), "a DNS-1035 label")
                : (document.Name.Length <= 253 && Rfc1123Subdomain().IsMatch(document.Name), "a lowercase RFC 1123 subdomain");
            if (!valid)
                problems.Add($"{rendered.Name}: {document.Id}: metadata.name is not {rule}");
        }
        return problems;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex Dns1035Label();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial System.Text.RegularExpressions.Regex Rfc1123Subdomain();

    private static List<string> NamespaceProblems(RenderedEnvironment rendered, EnvironmentRule rule) =>
        rendered.Documents
            .Where(d => d.Namespace != rule.Namespace)
            .Select(d => $"{rendered.Name}: {d.Id} is in namespace '{d.Namespace ?? "(none)"}'; policy says '{rule.Namespace}'")
            .ToList();

    private static List<string> PipelineProblems(RenderedEnvironment rendered, EnvironmentRule rule, ManifestDocument config)
    {
        var problems = new List<string>();
        ExpectSetting(problems, rendered.Name, "pipeline version", config, "LOGFORGE_PIPELINE_VERSION", rule.PipelineVersion.ToString());
        var archivers = rendered.ArchiverDeployments.Select(d => d.Id).ToList();
        if (rule.PipelineVersion == 2 && archivers.Count == 0)
            problems.Add($"{rendered.Name}: pipeline 2 needs the archiver Deployment (--role {RenderedEnvironment.ArchiverRoleArgument}); none rendered");
        if (rule.PipelineVersion == 1 && archivers.Count > 0)
            problems.Add($"{rendered.Name}: pipeline 1 has no archiver, but {string.Join(", ", archivers)} is rendered");
        if (!rendered.ApiDeployments.Any())
            problems.Add($"{rendered.Name}: no API Deployment rendered");
        return problems;
    }

    private static List<string> StorageProblems(RenderedEnvironment rendered, EnvironmentRule rule, ManifestDocument config)
    {
        var env = rendered.Name;
        var problems = new List<string>();
        ExpectSetting(problems, env, "storage backend", config, "LOGFORGE_STORAGE_BACKEND", rule.StorageBackend);
        var claims = rendered.OfKind("PersistentVolumeClaim").Select(d => d.Id).ToList();
        if (rule.StorageBackend == "file")
        {
            if (claims.Count == 0)
                problems.Add($"{env}: storage file needs a PersistentVolumeClaim for LOGFORGE_DATA_DIR; none rendered");
        }
        else
        {
            if (claims.Count > 0)
                problems.Add($"{env}: storage {rule.StorageBackend} needs no PersistentVolumeClaim, but {string.Join(", ", claims)} is rendered");
            if (string.IsNullOrEmpty(config.ScalarAt("data", "LOGFORGE_MINIO_ENDPOINT")))
                problems.Add($"{env}: LOGFORGE_MINIO_ENDPOINT is not set ({config.Id})");
            if (rule.Bucket is not null)
                ExpectSetting(problems, env, "MinIO bucket", config, "LOGFORGE_MINIO_BUCKET", rule.Bucket);
        }
        return problems;
    }

    private List<string> KafkaProblems(string env, EnvironmentRule rule, ManifestDocument config)
    {
        var problems = new List<string>();
        ExpectSetting(problems, env, "Kafka enabled", config, "LOGFORGE_KAFKA_ENABLED", rule.Kafka ? "true" : "false");
        if (!rule.Kafka)
            return problems;
        if (string.IsNullOrEmpty(config.ScalarAt("data", "LOGFORGE_KAFKA_BOOTSTRAP_SERVERS")))
            problems.Add($"{env}: LOGFORGE_KAFKA_BOOTSTRAP_SERVERS is not set ({config.Id})");
        // Its own topic and group: a shared one lets another environment's archiver store these events.
        ExpectSetting(problems, env, "Kafka topic", config, "LOGFORGE_KAFKA_TOPIC", policy.KafkaTopicFor(env));
        ExpectSetting(problems, env, "Kafka consumer group", config, "LOGFORGE_KAFKA_CONSUMER_GROUP", policy.KafkaConsumerGroupFor(env));
        return problems;
    }

    private List<string> SecretProblems(RenderedEnvironment rendered, EnvironmentRule rule)
    {
        var env = rendered.Name;
        var expected = policy.RuntimeSecretFor(env);
        var required = rule.StorageBackend == "minio"
            ? new[] { "LOGFORGE_API_KEYS", "LOGFORGE_MINIO_ACCESS_KEY", "LOGFORGE_MINIO_SECRET_KEY" }
            : ["LOGFORGE_API_KEYS"];
        var problems = new List<string>();
        foreach (var workload in rendered.Deployments)
        foreach (var container in RenderedEnvironment.Containers(workload))
        {
            var containerName = container.ScalarAt("name");
            var fromSecret = new HashSet<string>();
            foreach (var variable in container.At("env").Items())
            {
                var secretName = variable.ScalarAt("valueFrom", "secretKeyRef", "name");
                if (secretName is null)
                    continue;
                var variableName = variable.ScalarAt("name") ?? "";
                fromSecret.Add(variableName);
                if (secretName != expected)
                    problems.Add($"{env}: {workload.Id} container {containerName} reads {variableName} from secret '{secretName}'; policy says '{expected}'");
            }
            foreach (var missing in required.Where(r => !fromSecret.Contains(r)))
                problems.Add($"{env}: {workload.Id} container {containerName} does not read {missing} from secret '{expected}'");
        }
        return problems;
    }

    private List<string> PullSecretProblems(RenderedEnvironment rendered) =>
        rendered.Deployments
            .Where(d => !d.At("spec", "template", "spec", "imagePullSecrets").Items().Any(s => s.ScalarAt("name") == policy.PullSecret))
            .Select(d => $"{rendered.Name}: {d.Id} has no imagePullSecrets entry '{policy.PullSecret}'")
            .ToList();

    private List<string> ProbeProblems(RenderedEnvironment rendered)
    {
        var problems = new List<string>();
        // Both roles (api and archiver) serve /health and /ready (docs/configuration.md).
        foreach (var workload in rendered.Deployments)
        foreach (var container in RenderedEnvironment.Containers(workload))
        {
            ExpectProbe(problems, rendered.Name, workload, container, "livenessProbe", policy.Probes.Liveness);
            ExpectProbe(problems, rendered.Name, workload, container, "readinessProbe", policy.Probes.Readiness);
        }
        return problems;
    }

    private List<string> ImageProblems(RenderedEnvironment rendered)
    {
        var problems = new List<string>();
        foreach (var workload in rendered.Deployments)
        foreach (var container in RenderedEnvironment.Containers(workload))
        {
            var image = container.ScalarAt("image") ?? "";
            if (ImageReference.Repository(image) != policy.Image.Repository)
                problems.Add($"{rendered.Name}: {workload.Id} container {container.ScalarAt("name")} runs image '{image}'; " +
                    $"policy says {policy.Image.Repository}:<tag>");
        }
        return problems;
    }

    private static void ExpectProbe(List<string> problems, string env, ManifestDocument workload, YamlNode container, string probe, string expectedPath)
    {
        var path = container.ScalarAt(probe, "httpGet", "path");
        if (path != expectedPath)
            problems.Add($"{env}: {workload.Id} container {container.ScalarAt("name")} {probe} path is '{path ?? "(none)"}'; policy says '{expectedPath}'");
    }

    private static void ExpectSetting(List<string> problems, string env, string what, ManifestDocument config, string key, string expected)
    {
        var actual = config.ScalarAt("data", key);
        if (actual != expected)
            problems.Add($"{env}: {what} is '{actual ?? "(unset)"}' ({config.Id} data.{key}); policy says '{expected}'");
    }
}
