namespace LogForge.Delivery.Environments;

/// <summary>deploy/env/policy.yaml: what every environment must be, and what staging and production may differ in.</summary>
public sealed class EnvironmentPolicy
{
    public const string RelativePath = "deploy/env/policy.yaml";

    public string Chart { get; set; } = "";
    public string ReleaseName { get; set; } = "";
    public string ValuesFile { get; set; } = "";
    public ImagePolicy Image { get; set; } = new();
    public string PullSecret { get; set; } = "";
    public string RuntimeSecret { get; set; } = "";
    public KafkaNamingPolicy Kafka { get; set; } = new();
    public ProbePolicy Probes { get; set; } = new();
    public MetricsPolicy Metrics { get; set; } = new();
    public ArgoPolicy Argocd { get; set; } = new();
    public Dictionary<string, EnvironmentRule> Environments { get; set; } = [];
    public ParityPolicy Parity { get; set; } = new();

    public IEnumerable<string> EnvironmentNames => Environments.Keys;

    public string ReleaseNameFor(string env) => ForEnv(ReleaseName, env);
    public string ValuesFileFor(string env) => ForEnv(ValuesFile, env);
    public string RuntimeSecretFor(string env) => ForEnv(RuntimeSecret, env);
    public string KafkaTopicFor(string env) => ForEnv(Kafka.Topic, env);
    public string KafkaConsumerGroupFor(string env) => ForEnv(Kafka.ConsumerGroup, env);
    public string ApplicationFileFor(string env) => ForEnv(Argocd.ApplicationFile, env);
    public string ApplicationNameFor(string env) => Path.GetFileNameWithoutExtension(ApplicationFileFor(env));

    private static string ForEnv(string template, string env) => template.Replace("{env}", env);
}

public sealed class ImagePolicy
{
    public string Repository { get; set; } = "";
}

/// <summary>Names of an environment's Kafka topic and archiver consumer group ({env} is replaced).</summary>
public sealed class KafkaNamingPolicy
{
    public string Topic { get; set; } = "";
    public string ConsumerGroup { get; set; } = "";
}

public sealed class ProbePolicy
{
    public string Liveness { get; set; } = "";
    public string Readiness { get; set; } = "";
}

/// <summary>GET /metrics: the path and port name a ServiceMonitor scrapes, and the Grafana sidecar's dashboard label.</summary>
public sealed class MetricsPolicy
{
    public string Path { get; set; } = "";
    public string Port { get; set; } = "";
    public string DashboardLabel { get; set; } = "";
}

public sealed class ArgoPolicy
{
    public string Namespace { get; set; } = "";
    public string Project { get; set; } = "";
    public string ApplicationFile { get; set; } = "";
    public string TargetRevision { get; set; } = "";
    public string Finalizer { get; set; } = "";
    public List<string> SyncOptions { get; set; } = [];
}

public sealed class EnvironmentRule
{
    public string Namespace { get; set; } = "";
    public int PipelineVersion { get; set; }
    public string StorageBackend { get; set; } = "";
    public bool Kafka { get; set; }
    public string? Bucket { get; set; }
    public string Sync { get; set; } = "";
    /// <summary>Whether the environment renders a ServiceMonitor (its cluster runs the Prometheus Operator).</summary>
    public bool ServiceMonitor { get; set; }
    /// <summary>Whether the environment renders the Grafana dashboard ConfigMap.</summary>
    public bool GrafanaDashboard { get; set; }

    public bool AutomatedSync => Sync == SyncModes.Automated;
}

public static class SyncModes
{
    public const string Automated = "automated";
    public const string Manual = "manual";
}

public sealed class ParityPolicy
{
    public List<string> Compare { get; set; } = [];
    /// <summary>Paths whose values name the environment: they may differ only by that name.</summary>
    public List<AllowedDifference> EnvironmentIdentifiers { get; set; } = [];
    public List<AllowedDifference> AllowedDifferences { get; set; } = [];
}

public sealed class AllowedDifference
{
    public string Reason { get; set; } = "";
    /// <summary>Path patterns; `*` matches any run of characters.</summary>
    public List<string> Paths { get; set; } = [];
    /// <summary>"tag": the values are image references that may differ in their tag only.</summary>
    public string? Only { get; set; }
}
