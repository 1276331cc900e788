using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// Reads deploy/env/policy.yaml strictly: an unknown key, a missing setting or a wrong value is an error.
/// (Read node by node rather than with YamlDotNet's reflection deserializer: it runs on the critical
/// path of every build and that deserializer costs ~70 ms of start-up; docs/performance.md.)
/// </summary>
public static class EnvironmentPolicyLoader
{
    public static EnvironmentPolicy Load(string repoRoot)
    {
        var path = Path.Combine(repoRoot, EnvironmentPolicy.RelativePath);
        if (!File.Exists(path))
            throw new InvalidDataException($"{EnvironmentPolicy.RelativePath} not found under {repoRoot}");
        return Parse(File.ReadAllText(path));
    }

    public static EnvironmentPolicy Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{EnvironmentPolicy.RelativePath}: {e.Message}", e);
        }
        if (stream.Documents.Count != 1)
            throw new InvalidDataException($"{EnvironmentPolicy.RelativePath}: expected one YAML document, found {stream.Documents.Count}");

        var policy = Read(new StrictYamlMapping(stream.Documents[0].RootNode, ""));
        Validate(policy);
        return policy;
    }

    private static EnvironmentPolicy Read(StrictYamlMapping root)
    {
        var image = root.Mapping("image");
        var probes = root.Mapping("probes");
        var argocd = root.Mapping("argocd");
        var parity = root.Mapping("parity");
        var kafka = root.Mapping("kafka");
        var metrics = root.Mapping("metrics");
        var policy = new EnvironmentPolicy
        {
            Chart = root.String("chart"),
            ReleaseName = root.String("releaseName"),
            ValuesFile = root.String("valuesFile"),
            Image = new ImagePolicy { Repository = image.String("repository") },
            PullSecret = root.String("pullSecret"),
            RuntimeSecret = root.String("runtimeSecret"),
            Kafka = new KafkaNamingPolicy { Topic = kafka.String("topic"), ConsumerGroup = kafka.String("consumerGroup") },
            Probes = new ProbePolicy { Liveness = probes.String("liveness"), Readiness = probes.String("readiness") },
            Metrics = new MetricsPolicy { Path = metrics.String("path"), Port = metrics.String("port"), DashboardLabel = metrics.String("dashboardLabel") },
            Argocd = new ArgoPolicy
            {
                Namespace = argocd.String("namespace"),
                Project = argocd.String("project"),
                ApplicationFile = argocd.String("applicationFile"),
                TargetRevision = argocd.OptionalString("targetRevision") ?? "",
                Finalizer = argocd.String("finalizer"),
                SyncOptions = argocd.Strings("syncOptions"),
            },
            Environments = root.Entries("environments").ToDictionary(e => e.Key, e => ReadEnvironment(e.Value)),
            Parity = new ParityPolicy
            {
                Compare = parity.Strings("compare"),
                EnvironmentIdentifiers = parity.Mappings("environmentIdentifiers").Select(ReadAllowedDifference).ToList(),
                AllowedDifferences = parity.Mappings("allowedDifferences").Select(ReadAllowedDifference).ToList(),
            },
        };
        foreach (var mapping in new[] { root, image, probes, argocd, parity, kafka, metrics })
            mapping.RejectUnknownKeys();
        return policy;
    }

    private static EnvironmentRule ReadEnvironment(StrictYamlMapping env)
    {
        var rule = new EnvironmentRule
        {
            Namespace = env.String("namespace"),
            PipelineVersion = env.Int("pipelineVersion"),
            StorageBackend = env.String("storageBackend"),
            Kafka = env.Bool("kafka"),
            Bucket = env.OptionalString("bucket"),
            Sync = env.String("sync"),
            ServiceMonitor = env.Bool("serviceMonitor"),
            GrafanaDashboard = env.Bool("grafanaDashboard"),
        };
        env.RejectUnknownKeys();
        return rule;
    }

    private static AllowedDifference ReadAllowedDifference(StrictYamlMapping allowed)
    {
        var difference = new AllowedDifference
        {
            Reason = allowed.String("reason"),
            Paths = allowed.Strings("paths"),
            Only = allowed.OptionalString("only"),
        };
        allowed.RejectUnknownKeys();
        return difference;
    }

    private static void Validate(EnvironmentPolicy policy)
    {
        var problems = new List<string>();
        if (policy.Environments.Count == 0)
            problems.Add("environments: at least one is required");

        foreach (var (name, rule) in policy.Environments)
        {
            if (rule.PipelineVersion is not (1 or 2))
                problems.Add($"environments.{name}.pipelineVersion must be 1 or 2");
            if (rule.StorageBackend is not ("file" or "minio"))
                problems.Add($"environments.{name}.storageBackend must be file or minio");
            if (rule.Sync is not (SyncModes.Automated or SyncModes.Manual))
                problems.Add($"environments.{name}.sync must be {SyncModes.Automated} or {SyncModes.Manual}");
        }

        if (policy.Parity.Compare.Count != 2)
            problems.Add("parity.compare must name two environments");
        foreach (var env in policy.Parity.Compare.Where(e => !policy.Environments.ContainsKey(e)))
            problems.Add($"parity.compare names '{env}', which is not in environments");
        foreach (var identifier in policy.Parity.EnvironmentIdentifiers)
        {
            if (identifier.Paths.Count == 0)
                problems.Add($"parity.environmentIdentifiers '{identifier.Reason}' has no paths");
            if (identifier.Only is not null)
                problems.Add($"parity.environmentIdentifiers '{identifier.Reason}': only is not allowed (identifiers differ by the environment name alone)");
        }
        foreach (var allowed in policy.Parity.AllowedDifferences)
        {
            if (allowed.Paths.Count == 0)
                problems.Add($"parity.allowedDifferences '{allowed.Reason}' has no paths");
            if (allowed.Only is not (null or "tag"))
                problems.Add($"parity.allowedDifferences '{allowed.Reason}': only must be 'tag' when set");
        }

        if (problems.Count > 0)
            throw new InvalidDataException(string.Join("\n", problems.Select(p => $"{EnvironmentPolicy.RelativePath}: {p}")));
    }
}
