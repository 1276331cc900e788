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
    public IEnumerable<string> DefinitionNames => Definitions.SelectMany(g => g.Objects).Select(o => o.Name);

    public IEnumerable<ManifestObject> KafkaTopics => Kafka.Objects.Where(o => o.Kind == "KafkaTopic");

    public int Count => Namespaces.Objects.Count + Definitions.Concat(Platform).Append(Kafka).Sum(g => g.Objects.Count);
}
