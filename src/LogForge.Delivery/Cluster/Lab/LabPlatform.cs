using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Cluster.Lab;

/// <summary>
/// What the lab platform is made of, at the versions pinned in deploy/lab/versions.env: Argo CD's
/// upstream install manifest (namespace argocd), the Strimzi operator rendered from its upstream Helm
/// chart (namespace kafka, CRDs included), MinIO and the Kafka cluster and topics from
/// deploy/lab/manifests (their ${PINS} filled in).
/// </summary>
public sealed class LabPlatform(string repoRoot, VersionPins pins, UpstreamCache upstream, HelmCli helm)
{
    private readonly ParsedManifests _parsed = new(Path.Combine(UpstreamCache.DirectoryUnder(repoRoot), "parsed"));
    private readonly HelmRunCache _helmRuns = new(Path.Combine(UpstreamCache.DirectoryUnder(repoRoot), "helm-runs"));

    public const string ArgoCdNamespace = "argocd";
    public const string KafkaNamespace = "kafka";
    public const string StorageNamespace = "storage";
    public const string KafkaCluster = "logforge";
    public static readonly IReadOnlyList<string> Namespaces = [ArgoCdNamespace, KafkaNamespace, StorageNamespace];

    private const string ManifestsDirectory = "deploy/lab/manifests";

    public async Task<LabManifests> LoadAsync(CancellationToken ct)
    {
        var argoCdTask = Task.Run(async () => _parsed.Parse(
            await File.ReadAllTextAsync(await upstream.GetAsync(UpstreamFile.ArgoCdInstall(pins), ct), ct), $"Argo CD {pins.ArgoCd} install.yaml"), ct);
        var strimziTask = Task.Run(async () => await RenderStrimziAsync(await upstream.GetAsync(UpstreamFile.StrimziChart(pins), ct), ct), ct);
        var (argoCd, strimzi) = (await argoCdTask, await strimziTask);

        static bool IsDefinition(ManifestObject o) => o.Kind == "CustomResourceDefinition";
        return new LabManifests(
            new ManifestGroup("namespaces", Local("cluster/namespaces.yaml"), null),
            [
                new ManifestGroup("Argo CD CRDs", argoCd.Where(IsDefinition).ToList(), null),
                new ManifestGroup("Strimzi CRDs", strimzi.Where(IsDefinition).ToList(), null),
            ],
            [
                new ManifestGroup($"Argo CD {pins.ArgoCd}", argoCd.Where(o => !IsDefinition(o)).ToList(), ArgoCdNamespace),
                new ManifestGroup($"Strimzi operator {pins.Strimzi}", strimzi.Where(o => !IsDefinition(o)).ToList(), KafkaNamespace),
                new ManifestGroup("MinIO", Local("minio/minio.yaml"), StorageNamespace),
            ],
            new ManifestGroup($"Kafka {pins.Kafka} and topics", [.. Local("kafka/kafka.yaml"), .. Local("kafka/kafka-topic.yaml")], KafkaNamespace));
    }

    private IReadOnlyList<ManifestObject> Local(string relative)
    {
        var source = $"{ManifestsDirectory}/{relative}";
        var text = File.ReadAllText(Path.Combine(repoRoot, source));
        return ManifestObject.Parse(pins.Expand(text, source), source);
    }

    private async Task<IReadOnlyList<ManifestObject>> RenderStrimziAsync(string chart, CancellationToken ct)
    {
        var run = await _helmRuns.RunAsync(helm, ["template", "strimzi", chart, "--namespace", KafkaNamespace, "--include-crds"], [chart], repoRoot, ct);
        if (!run.Succeeded)
            throw new InvalidOperationException($"helm template of the Strimzi chart {Path.GetFileName(chart)} failed: {string.Join("; ", run.ErrorLines())}");
        return _parsed.Parse(run.StandardOutput, $"Strimzi chart {pins.Strimzi}");
    }
}
