using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogForge.Delivery;
using LogForge.Delivery.Tools;
using LogForge.Testing.Http;
using LogForge.Testing.Kubernetes;

namespace LogForge.Testing.Lab;

/// <summary>
/// A temporary checkout for the cluster targets: .nuke/, a copy of deploy/, the pinned helm linked
/// from this checkout's tools cache, and versions.env pointing the upstream downloads (Argo CD's
/// install manifest, Strimzi's Helm chart) at small stand-ins served over HTTP on 127.0.0.1 — real
/// manifests and a real chart package, made for the test, with their real sha256 pinned.
/// </summary>
public sealed class LabRepository : IAsyncDisposable
{
    public const string ArgoCdVersion = "v0.0.0-test";
    public const string StrimziVersion = "0.0.0-test";

    private LabRepository(string root, StaticFileServer upstream)
    {
        Root = root;
        Upstream = upstream;
    }

    public string Root { get; }
    public StaticFileServer Upstream { get; }
    public string ArgoCdInstallPath => "argocd/install.yaml";
    public string StrimziChartPath => $"strimzi/strimzi-kafka-operator-helm-3-chart-{StrimziVersion}.tgz";

    /// <summary>Where Bootstrap caches the stand-in Argo CD install manifest.</summary>
    public string CachedArgoCdInstall => Path.Combine(RepositoryLayout.ToolsCache(Root), "lab", $"argocd-{ArgoCdVersion}", "install.yaml");

    public static async Task<LabRepository> CreateAsync(HelmTool helm)
    {
        var root = Directory.CreateTempSubdirectory("logforge-lab-").FullName;
        Directory.CreateDirectory(Path.Combine(root, RepositoryLayout.RootMarker));
        CopyDirectory(Path.Combine(RepositoryRoot.Path, "deploy"), Path.Combine(root, "deploy"));
        LinkPinnedHelm(root);

        var upstream = await StaticFileServer.StartAsync();
        var lab = new LabRepository(root, upstream);
        var argoCd = Encoding.UTF8.GetBytes(ArgoCdInstall());
        var chart = await PackageStrimziChartAsync(helm, root);
        var argoUrl = upstream.Serve(lab.ArgoCdInstallPath, argoCd);
        var chartUrl = upstream.Serve(lab.StrimziChartPath, chart);

        var pins = Path.Combine(root, VersionPins.RelativePath);
        var text = File.ReadAllText(pins)
            .Replace("ARGOCD_VERSION=v3.0.6", $"ARGOCD_VERSION={ArgoCdVersion}")
            .Replace("STRIMZI_VERSION=0.47.0", $"STRIMZI_VERSION={StrimziVersion}");
        text = ReplacePin(text, "ARGOCD_INSTALL_URL", argoUrl);
        text = ReplacePin(text, "ARGOCD_INSTALL_SHA256", Sha256(argoCd));
        text = ReplacePin(text, "STRIMZI_CHART_URL", chartUrl);
        text = ReplacePin(text, "STRIMZI_CHART_SHA256", Sha256(chart));
        File.WriteAllText(pins, text);
        return lab;
    }

    /// <summary>The Application CRDs and two workloads, as Argo CD's install.yaml has them (no namespace on namespaced objects).</summary>
    private static string ArgoCdInstall() => Documents(
        KnownCrds.ArgoCdApplication(),
        KnownCrds.ArgoCdAppProject(),
        new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject { ["name"] = "argocd-server" },
        },
        new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject { ["name"] = "argocd-server" },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"), ["verbs"] = new JsonArray("get", "list", "watch") }),
        },
        Workload("apps/v1", "Deployment", "argocd-server", "quay.io/argoproj/argocd:" + ArgoCdVersion),
        Workload("apps/v1", "StatefulSet", "argocd-application-controller", "quay.io/argoproj/argocd:" + ArgoCdVersion));

    private static async Task<byte[]> PackageStrimziChartAsync(HelmTool helm, string root)
    {
        var source = Path.Combine(root, "chart-source", "strimzi-kafka-operator");
        Directory.CreateDirectory(Path.Combine(source, "crds"));
        Directory.CreateDirectory(Path.Combine(source, "templates"));
        File.WriteAllText(Path.Combine(source, "Chart.yaml"), $"apiVersion: v2\nname: strimzi-kafka-operator\nversion: {StrimziVersion}\nappVersion: {StrimziVersion}\n");
        File.WriteAllText(Path.Combine(source, "crds", "kafka.yaml"), Documents(KnownCrds.StrimziKafka(), KnownCrds.StrimziKafkaTopic(), KnownCrds.StrimziKafkaNodePool()));
        var operatorDeployment = Workload("apps/v1", "Deployment", "strimzi-cluster-operator", "quay.io/strimzi/operator:" + StrimziVersion);
        File.WriteAllText(Path.Combine(source, "templates", "operator.yaml"),
            operatorDeployment.ToJsonString().Replace("\"metadata\":{", "\"metadata\":{\"namespace\":\"{{ .Release.Namespace }}\",", StringComparison.Ordinal));

        var output = Path.Combine(root, "chart-package");
        Directory.CreateDirectory(output);
        var run = await new HelmCli(helm).RunAsync(["package", source, "--destination", output], root, CancellationToken.None);
        if (!run.Succeeded) throw new InvalidOperationException("helm package failed: " + run.StandardError);
        var bytes = await File.ReadAllBytesAsync(Directory.GetFiles(output, "*.tgz").Single());
        Directory.Delete(Path.Combine(root, "chart-source"), recursive: true);
        Directory.Delete(output, recursive: true);
        return bytes;
    }

    private static JsonObject Workload(string apiVersion, string kind, string name, string image) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }) },
            },
        },
    };

    /// <summary>JSON is YAML: documents joined with ---.</summary>
    private static string Documents(params JsonObject[] documents) => string.Join("\n---\n", documents.Select(d => d.ToJsonString())) + "\n";

    private static string ReplacePin(string text, string key, string value)
    {
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(key + "=", StringComparison.Ordinal));
        if (index < 0) throw new InvalidOperationException($"versions.env has no {key}");
        lines[index] = $"{key}={value}";
        return string.Join('\n', lines);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>helm of the pinned version, linked (not copied) from this checkout's tools cache, and its verified stamp.</summary>
    private static void LinkPinnedHelm(string root)
    {
        var tools = RepositoryLayout.ToolsCache(root);
        Directory.CreateDirectory(tools);
        var source = RepositoryLayout.ToolsCache(RepositoryRoot.Path);
        if (Directory.Exists(Path.Combine(source, "helm")))
            Directory.CreateSymbolicLink(Path.Combine(tools, "helm"), Path.Combine(source, "helm"));
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source))
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
    }

    public async ValueTask DisposeAsync()
    {
        await Upstream.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
