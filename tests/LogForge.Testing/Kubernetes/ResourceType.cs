using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>A subresource as discovery lists it (<c>pods/status</c>, <c>pods/portforward</c>, <c>deployments/scale</c>).</summary>
internal sealed record Subresource(string Name, string Kind, string[] Verbs, string Group = "", string Version = "");

/// <summary>One served resource of one group/version: what discovery lists and what the store keys objects by.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    string[] Verbs,
    string[] ShortNames,
    string[] Categories,
    Subresource[] Subresources,
    bool UsesGeneration,
    bool IsCustom = false,
    JsonObject? Schema = null,
    string[]? SelectableFields = null)
{
    public const string StandardVerbs = "create,delete,deletecollection,get,list,patch,update,watch";

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => $"{Kind}List";
    public bool HasStatus => Subresources.Any(s => s.Name == "status");
    public GroupResource GroupResource => new(Group, Plural);

    /// <summary>Strategic merge patch is served for built-in types only; custom resources answer 415 for it.</summary>
    public IReadOnlyList<string> PatchTypes => IsCustom
        ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
        : ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    public Subresource? FindSubresource(string name) => Subresources.FirstOrDefault(s => s.Name == name);
}

/// <summary>Storage identity of a resource across its versions.</summary>
internal readonly record struct GroupResource(string Group, string Resource)
{
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
