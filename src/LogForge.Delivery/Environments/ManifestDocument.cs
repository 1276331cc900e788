using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>One Kubernetes object from rendered or hand-written YAML.</summary>
public sealed record ManifestDocument(string Kind, string Name, string? Namespace, YamlMappingNode Root)
{
    /// <summary>Kind/name, as resources are named in every report.</summary>
    public string Id => $"{Kind}/{Name}";

    public YamlNode? At(params string[] keys) => Root.At(keys);

    public string? ScalarAt(params string[] keys) => Root.ScalarAt(keys);

    /// <summary>Parses a multi-document YAML stream; documents that are not mappings (empty ones) are skipped.</summary>
    public static IReadOnlyList<ManifestDocument> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var documents = new List<ManifestDocument>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
                continue;
            documents.Add(new ManifestDocument(
                root.ScalarAt("kind") ?? "",
                root.ScalarAt("metadata", "name") ?? "",
                root.ScalarAt("metadata", "namespace"),
                root));
        }
        return documents;
    }
}
