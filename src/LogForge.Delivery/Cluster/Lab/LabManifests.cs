namespace LogForge.Delivery.Cluster.Lab;

/// <summary>Objects applied together; a namespaced one that names no namespace goes to <paramref name="DefaultNamespace"/>.</summary>
public sealed record ManifestGroup(string Name, IReadOnlyList<ManifestObject> Objects, string? DefaultNamespace);

/// <summary>Everything Bootstrap applies, in the order it applies it: namespaces, CRDs (then waited
/// for), the platform (Argo CD, the Strimzi operator, MinIO), then the Kafka cluster and its topics.</summary>
public sealed record LabManifests(
    ManifestGroup Namespaces,
    IReadOnlyList<ManifestGroup> Definitions,
    IReadOnlyList<ManifestGroup> Platform,
    ManifestGroup Kafka)
{
    /// <summary>Every group, in the order Bootstrap applies them.</summary>
    public IEnumerable<ManifestGroup> Groups => [Namespaces, .. Definitions, .. Platform, Kafka];

    public IEnumerable<string> DefinitionNames => Definitions.SelectMany(g => g.Objects).Select(o => o.Name);

    public IEnumerable<ManifestObject> KafkaTopics => Kafka.Objects.Where(o => o.Kind == "KafkaTopic");

    public int Count => Groups.Sum(g => g.Objects.Count);
}
