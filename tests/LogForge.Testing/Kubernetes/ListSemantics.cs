// How a list field merges: atomic (replaced whole), associative by key fields (one entry per item), or a set of
// scalars. Built-in types: the +listType/+listMapKey and patchMergeKey/patchStrategy markers of kubernetes/kubernetes
// staging/src/k8s.io/api/core/v1/types.go and meta/v1/types.go (containers by name, container ports by
// containerPort+protocol, env by name, volumeMounts by mountPath, volumes by name, conditions by type, ownerReferences
// by uid, finalizers a set, Service ports by port+protocol). Custom resources: the CRD schema's
// x-kubernetes-list-type / x-kubernetes-list-map-keys (apiextensions structural schema); unmarked lists are atomic.
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal enum ListKind
{
    Atomic,
    Map,
    Set,
}

/// <summary>The merge shape of one list: SSA keys, and the strategic-merge-patch merge key (built-ins only).</summary>
internal sealed record ListShape(ListKind Kind, string[] Keys, string? PatchMergeKey)
{
    public static ListShape Atomic { get; } = new(ListKind.Atomic, [], null);

    public static ListShape MapBy(params string[] keys) => new(ListKind.Map, keys, keys[0]);

    public static ListShape SetOfScalars { get; } = new(ListKind.Set, [], null);
}

internal static class ListSemantics
{
    private static readonly HashSet<string> ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary><paramref name="path"/>: field names from the object root to the list; "[]" stands for "an item of a list".</summary>
    public static ListShape For(ResourceType type, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
            return ListShape.Atomic;
        var last = path[^1];
        var parent = path.Count >= 2 ? path[^2] : "";
        if (path.Count == 2 && path[0] == "metadata")
        {
            if (last == "ownerReferences")
                return ListShape.MapBy("uid");
            if (last == "finalizers")
                return ListShape.SetOfScalars;
        }
        return type.IsCustom ? FromSchema(type.Schema, path) : Builtin(type, path, last, parent);
    }

    private static ListShape Builtin(ResourceType type, IReadOnlyList<string> path, string last, string parent)
    {
        var inContainer = path.Count >= 3 && parent == "[]" && ContainerLists.Contains(path[^3]);
        if (ContainerLists.Contains(last))
            return ListShape.MapBy("name");
        if (inContainer)
        {
            return last switch
            {
                "ports" => new ListShape(ListKind.Map, ["containerPort", "protocol"], "containerPort"),
                "env" => ListShape.MapBy("name"),
                "volumeMounts" => ListShape.MapBy("mountPath"),
                "volumeDevices" => ListShape.MapBy("devicePath"),
                "resizePolicy" => ListShape.MapBy("resourceName"),
                _ => ListShape.Atomic,
            };
        }
        if (type is { Group: "", Plural: "services" } && path.Count == 2 && path[0] == "spec" && last == "ports")
            return new ListShape(ListKind.Map, ["port", "protocol"], "port");
        if (type is { Group: "", Plural: "serviceaccounts" } && path.Count == 1 && last == "secrets")
            return ListShape.MapBy("name");
        return last switch
        {
            "volumes" or "imagePullSecrets" or "resourceClaims" => ListShape.MapBy("name"),
            "conditions" => ListShape.MapBy("type"),
            "hostAliases" => ListShape.MapBy("ip"),
            "topologySpreadConstraints" => new ListShape(ListKind.Map, ["topologyKey", "whenUnsatisfiable"], "topologyKey"),
            _ => ListShape.Atomic,
        };
    }

    private static ListShape FromSchema(JsonObject? schema, IReadOnlyList<string> path)
    {
        var node = schema;
        foreach (var step in path)
        {
            if (node is null)
                return ListShape.Atomic;
            node = step == "[]"
                ? node.ObjectAt("items")
                : node.ObjectAt("properties", step) ?? node.ObjectAt("additionalProperties");
        }
        return node?.Str("x-kubernetes-list-type") switch
        {
            "map" when node.ArrayAt("x-kubernetes-list-map-keys") is { Count: > 0 } keys =>
                new ListShape(ListKind.Map, keys.Select(k => k?.ToString() ?? "").ToArray(), null),
            "set" => ListShape.SetOfScalars,
            _ => ListShape.Atomic,
        };
    }

    /// <summary>Whether a JSON object at this path is a granular map (labels, data) rather than a struct; maps get a "." entry
    /// in Update-operation field sets (structured-merge-diff records the map itself when it is created).</summary>
    public static bool IsStringMap(IReadOnlyList<string> path) =>
        path.Count > 0 && path[^1] is "labels" or "annotations" or "data" or "binaryData" or "stringData" or "nodeSelector" or "matchLabels";

    /// <summary>The item of <paramref name="list"/> whose key fields equal those of <paramref name="probe"/>.</summary>
    public static int IndexOfKey(JsonArray list, JsonNode? probe, ListShape shape)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (SameKey(list[i], probe, shape))
                return i;
        }
        return -1;
    }

    public static bool SameKey(JsonNode? a, JsonNode? b, ListShape shape)
    {
        if (shape.Kind == ListKind.Set)
            return JsonNode.DeepEquals(a, b);
        if (a is not JsonObject oa || b is not JsonObject ob)
            return false;
        return shape.Keys.All(k => JsonNode.DeepEquals(oa[k], ob[k]));
    }
}
