using System.Text.Json.Nodes;

namespace LogForge.Delivery.Cluster;

/// <summary>One Kubernetes object to apply, as JSON, with the fields every report names it by.</summary>
public sealed record ManifestObject(JsonObject Body)
{
    public string ApiVersion => Body["apiVersion"]?.GetValue<string>() ?? "";
    public string Kind => Body["kind"]?.GetValue<string>() ?? "";
    public string Name => Body["metadata"]?["name"]?.GetValue<string>() ?? "";
    public string? Namespace => Body["metadata"]?["namespace"]?.GetValue<string>();

    /// <summary>The API group: "" for core (apiVersion v1), else the part before the slash.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";
    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>Kind/name, or namespace/Kind/name, as reports name it.</summary>
    public string Id => Namespace is null ? $"{Kind}/{Name}" : $"{Namespace}/{Kind}/{Name}";

    /// <summary>This object placed in <paramref name="ns"/> when it names none (as `kubectl apply -n` does).</summary>
    public ManifestObject InNamespaceIfUnset(string ns)
    {
        if (Namespace is not null) return this;
        var copy = (JsonObject)Body.DeepClone();
        ((JsonObject)(copy["metadata"] ??= new JsonObject()))["namespace"] = ns;
        return new ManifestObject(copy);
    }

    public static IReadOnlyList<ManifestObject> Parse(string yaml, string source) =>
        YamlToJson.Documents(yaml, source)
            .Select(d => new ManifestObject(d))
            .Where(o => o.Kind.Length > 0) // `helm template` emits empty documents and comment-only ones
            .Select(o => o.Name.Length > 0 && o.ApiVersion.Length > 0
                ? o
                : throw new InvalidDataException($"{source}: a {o.Kind} without apiVersion or metadata.name"))
            .ToList();
}
