using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>Manifests (multi-document YAML or JSON) as JSON objects, with the scalar typing the API server applies
/// (sigs.k8s.io/yaml: YAML 1.1 booleans and integers, quoted scalars stay strings).</summary>
public static class KubeYaml
{
    public static IReadOnlyList<JsonObject> Parse(string yaml) => YamlJson.ParseDocuments(yaml).OfType<JsonObject>().ToList();
}
