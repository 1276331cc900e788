// Which resources are served: the built-ins plus, for every CustomResourceDefinition stored, one entry per served
// version (apiextensions-apiserver serves a CRD's versions and lists them in discovery once it is stored).
// Version order within a group follows apimachinery's version priority (v1 > v1beta2 > v1beta1 > v1alpha1),
// as in staging/src/k8s.io/apimachinery/pkg/version/helpers.go CompareKubeAwareVersionStrings.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LogForge.Testing.Kubernetes;

internal sealed partial class ResourceCatalog
{
    private readonly object _gate = new();
    private readonly List<ResourceType> _types = [.. BuiltinResources.Types];

    public IReadOnlyList<ResourceType> Snapshot()
    {
        lock (_gate)
            return [.. _types];
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
            return _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);
    }

    /// <summary>A served version of the resource (any), for code that only knows group and resource.</summary>
    public ResourceType? Find(GroupResource gr)
    {
        lock (_gate)
            return _types.Where(t => t.Group == gr.Group && t.Plural == gr.Resource)
                .OrderBy(t => t.Version, VersionPriority.Instance).FirstOrDefault();
    }

    /// <summary>Resolves "Pod", "pods", "po", "Deployment.apps", "deployments.apps", "applications.argoproj.io", "apps/v1/Deployment".</summary>
    public ResourceType? Resolve(string what)
    {
        lock (_gate)
        {
            var parts = what.Split('/');
            if (parts.Length >= 2)
            {
                var kind = parts[^1];
                var gv = string.Join('/', parts[..^1]);
                return _types.FirstOrDefault(t => t.GroupVersion == gv && (t.Kind == kind || t.Plural == kind));
            }
            var dot = what.IndexOf('.');
            var name = dot < 0 ? what : what[..dot];
            var group = dot < 0 ? null : what[(dot + 1)..];
            return _types
                .Where(t => group is null || t.Group == group)
                .Where(t => t.Kind == name || t.Plural == name || t.Singular == name || t.ShortNames.Contains(name)
                            || string.Equals(t.Kind, name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(t => t.Group.Length == 0 ? 0 : 1)
                .ThenBy(t => t.Version, VersionPriority.Instance)
                .FirstOrDefault();
        }
    }

    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        lock (_gate)
            return _types.FirstOrDefault(t => t.GroupVersion == apiVersion && t.Kind == kind);
    }

    /// <summary>Group → versions (preferred first), in the order groups were registered.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        lock (_gate)
            return _types.Where(t => t.Group.Length > 0)
                .GroupBy(t => t.Group)
                .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().OrderBy(v => v, VersionPriority.Instance).ToList()))
                .ToList();
    }

    public IReadOnlyList<ResourceType> InGroupVersion(string group, string version)
    {
        lock (_gate)
            return _types.Where(t => t.Group == group && t.Version == version).ToList();
    }

    /// <summary>Registers (or re-registers) the resource a stored CRD defines.</summary>
    public void ApplyCrd(JsonObject crd)
    {
        var types = FromCrd(crd);
        lock (_gate)
        {
            var group = crd.Str("spec", "group") ?? "";
            var plural = crd.Str("spec", "names", "plural") ?? "";
            _types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural);
            _types.AddRange(types);
        }
    }

    public void RemoveCrd(JsonObject crd)
    {
        var group = crd.Str("spec", "group") ?? "";
        var plural = crd.Str("spec", "names", "plural") ?? "";
        lock (_gate)
            _types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural);
    }

    private static List<ResourceType> FromCrd(JsonObject crd)
    {
        var spec = crd.ObjectAt("spec");
        var names = spec.ObjectAt("names");
        var group = spec.Str("group");
        var plural = names.Str("plural");
        var kind = names.Str("kind");
        if (group is null || plural is null || kind is null)
            return [];
        var singular = names.Str("singular") ?? kind.ToLowerInvariant();
        var namespaced = spec.Str("scope") != "Cluster";
        var shortNames = StringArray(names.ArrayAt("shortNames"));
        var categories = StringArray(names.ArrayAt("categories"));
        var result = new List<ResourceType>();
        foreach (var version in spec.ArrayAt("versions")?.OfType<JsonObject>() ?? [])
        {
            if (version.Bool("served") == false || version.Str("name") is not { } name)
                continue;
            var subresources = new List<Subresource>();
            if (version.ObjectAt("subresources", "scale") is not null)
                subresources.Add(new Subresource("scale", "Scale", ["get", "patch", "update"], "autoscaling", "v1"));
            if (version.ObjectAt("subresources", "status") is not null)
                subresources.Add(new Subresource("status", kind, ["get", "patch", "update"]));
            result.Add(new ResourceType(group, name, plural, singular, kind, namespaced, ResourceType.StandardVerbs.Split(','),
                shortNames, categories, [.. subresources], UsesGeneration: true, IsCustom: true,
                Schema: version.ObjectAt("schema", "openAPIV3Schema")?.Clone(),
                SelectableFields: version.ArrayAt("selectableFields")?.OfType<JsonObject>()
                    .Select(f => f.Str("jsonPath")?.TrimStart('.')).OfType<string>().ToArray()));
        }
        return result;
    }

    private static string[] StringArray(JsonArray? array) =>
        array?.Select(n => n?.GetValue<string>()).OfType<string>().ToArray() ?? [];

    /// <summary>Kube-aware version order: GA before beta before alpha, higher numbers first, then non-kube versions by name.</summary>
    internal sealed partial class VersionPriority : IComparer<string>
    {
        public static VersionPriority Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var a = Rank(x ?? "");
            var b = Rank(y ?? "");
            var byRank = a.CompareTo(b);
            return byRank != 0 ? byRank : string.CompareOrdinal(x, y);
        }

        private static (int Stage, int Major, int Minor) Rank(string version)
        {
            var match = KubeVersion().Match(version);
            if (!match.Success)
                return (3, 0, 0);
            var major = -int.Parse(match.Groups[1].Value);
            var stage = match.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
            var minor = match.Groups[3].Success ? -int.Parse(match.Groups[3].Value) : 0;
            return (stage, major, minor);
        }

        [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
        private static partial Regex KubeVersion();
    }
}
