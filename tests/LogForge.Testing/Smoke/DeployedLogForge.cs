using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tools;
using LogForge.Testing.Kubernetes;
using Serilog;

namespace LogForge.Testing.Smoke;

/// <summary>
/// One environment deployed into the fake API server as Argo CD deploys it — the chart rendered by helm from a checkout's
/// deploy/ (helm template, as Argo CD renders it) and its objects stored, helm test hooks left out as Argo CD leaves them
/// out; the runtime secret beside them as ./build.sh Secrets writes it — with the pods played by one real LogForge on
/// 127.0.0.1. That process gets what the rendered Deployment's container gets: the ConfigMap through envFrom, the env
/// entries, the secretKeyRefs read from the stored secret; only its data directory is a temporary one instead of the PVC,
/// and in-cluster addresses (Kafka's bootstrap Service, MinIO's) are replaced by the stand-ins' loopback addresses, as the
/// cluster's DNS would resolve them. Every pod of the Service forwards its container port to it (the fake's
/// port-forward), so `/version` answers what that environment's pods would.
/// </summary>
public sealed class DeployedLogForge : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private DeployedLogForge(string ns, string service, string selector, int containerPort, LocalService process, string dataDirectory)
    {
        Namespace = ns;
        Service = service;
        Selector = selector;
        ContainerPort = containerPort;
        Process = process;
        _dataDirectory = dataDirectory;
    }

    public string Namespace { get; }
    public string Service { get; }

    /// <summary>The Service's selector, `k=v,k=v`: its pods.</summary>
    public string Selector { get; }

    public int ContainerPort { get; }
    public LocalService Process { get; }

    /// <summary>Deploys <paramref name="environment"/>. <paramref name="runtimeSecret"/>: the data of logforge-&lt;env&gt;-runtime by key
    /// (api-keys, and minio-access-key/minio-secret-key for MinIO environments). <paramref name="clusterAddresses"/>: in-cluster
    /// host:port → the stand-in's 127.0.0.1:port.</summary>
    public static async Task<DeployedLogForge> StartAsync(FakeKubernetesServer kube, string repoRoot, HelmTool helm, ServiceBinary binary,
        string environment, IReadOnlyDictionary<string, string> runtimeSecret, IReadOnlyDictionary<string, string>? clusterAddresses = null, ILogger? log = null)
    {
        var policy = EnvironmentPolicyLoader.Load(repoRoot);
        var ns = policy.Environments[environment].Namespace;
        var render = await new HelmRenderer(repoRoot, helm).RenderAsync(environment);
        if (!render.Succeeded) throw new InvalidOperationException($"{environment} did not render: {render.Failure}");
        var objects = KubeYaml.Parse(render.Manifest).Where(o => o.Str("metadata", "annotations", "helm.sh/hook") is null).ToList();

        if (kube.Get("Namespace", null, ns) is null)
            kube.Seed(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        kube.Seed(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["type"] = "Opaque",
            ["metadata"] = new JsonObject { ["name"] = policy.RuntimeSecretFor(environment), ["namespace"] = ns },
            ["data"] = new JsonObject(runtimeSecret.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))))),
        });
        foreach (var obj in objects) kube.Seed(obj);

        var service = objects.Single(o => o.Str("kind") == "Service");
        var deployment = objects.Single(o => o.Str("kind") == "Deployment" && o.Name() == service.Name());
        var container = (JsonObject)deployment.ArrayAt("spec", "template", "spec", "containers")![0]!;
        var containerPort = (int)container.ArrayAt("ports")![0]!.Long("containerPort")!.Value;
        var selector = string.Join(",", service.ObjectAt("spec", "selector")!.Select(kv => $"{kv.Key}={kv.Value!.GetValue<string>()}"));

        var dataDirectory = Directory.CreateTempSubdirectory($"logforge-{environment}-pod-").FullName;
        var variables = PodEnvironment(kube, ns, container, objects);
        foreach (var name in variables.Keys.ToList())
            foreach (var (inCluster, standIn) in clusterAddresses ?? new Dictionary<string, string>())
                variables[name] = variables[name]?.Replace(inCluster, standIn, StringComparison.Ordinal);
        if (variables.ContainsKey(LocalServiceSettings.DataDirectoryVariable))
            variables[LocalServiceSettings.DataDirectoryVariable] = dataDirectory; // the PVC
        var process = await LocalService.StartAsync(binary, variables, TimeSpan.FromSeconds(30), log: log);
        if (!process.IsListening)
        {
            await process.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw new InvalidOperationException($"LogForge as a {environment} pod did not start: {process.Started.Detail}");
        }
        kube.PortForwards.MapSelector(ns, selector, containerPort, new IPEndPoint(IPAddress.Loopback, process.BaseAddress.Port));
        return new DeployedLogForge(ns, service.Name(), selector, containerPort, process, dataDirectory);
    }

    /// <summary>What the kubelet gives the container: envFrom ConfigMaps, then env (values and secretKeyRefs read from the
    /// stored Secret). LOGFORGE_* variables of the test process are removed, as a pod would not have them.</summary>
    private static Dictionary<string, string?> PodEnvironment(FakeKubernetesServer kube, string ns, JsonObject container, IReadOnlyList<JsonObject> objects)
    {
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(n => n.StartsWith(LocalServiceSettings.Prefix, StringComparison.Ordinal))
            .ToDictionary(n => n, _ => (string?)null, StringComparer.Ordinal);
        foreach (var source in container.ArrayAt("envFrom") ?? [])
        {
            var name = source.Str("configMapRef", "name") ?? throw new InvalidOperationException("only envFrom configMapRef is played here");
            var configMap = objects.Single(o => o.Str("kind") == "ConfigMap" && o.Name() == name);
            foreach (var (key, value) in configMap.ObjectAt("data") ?? [])
                variables[key] = value!.GetValue<string>();
        }
        foreach (var entry in container.ArrayAt("env") ?? [])
        {
            var name = entry.Str("name")!;
            if (entry.Str("value") is { } value)
            {
                variables[name] = value;
                continue;
            }
            var secretName = entry.Str("valueFrom", "secretKeyRef", "name")
                ?? throw new InvalidOperationException($"env {name}: only value and secretKeyRef are played here");
            var key = entry.Str("valueFrom", "secretKeyRef", "key")!;
            var data = kube.Get("Secret", ns, secretName).Str("data", key) ?? throw new InvalidOperationException($"Secret {ns}/{secretName} has no key {key}");
            variables[name] = Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        return variables;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
