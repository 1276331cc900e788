// metadata.managedFields bookkeeping for Update operations (create, PUT, merge/JSON/strategic patches, and the
// simulated controllers' status writes). Followed: kubernetes/kubernetes
// staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/{fieldmanager.go, managedfieldsupdater.go,
// stripmeta.go, manager.go}: an Update takes every field it added or changed (union with what that
// manager+operation+subresource+apiVersion entry already had) away from every other manager, fields it removed are
// dropped from every entry, the entry's time moves only when it took something, apiVersion/kind and the
// server-owned metadata fields are never recorded, and the manager defaults to the User-Agent's first segment.
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal sealed class ManagedEntry
{
    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public required string ApiVersion { get; set; }
    public string Subresource { get; init; } = "";
    public string? Time { get; set; }
    public FieldSet Fields { get; set; } = new();

    public bool SameIdentity(string manager, string operation, string subresource, string apiVersion) =>
        Manager == manager && Operation == operation && Subresource == subresource && (operation == "Apply" || ApiVersion == apiVersion);

    /// <summary>How conflict messages name this entry (conflict.go printManager).</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (Subresource.Length > 0)
            text += $" with subresource \"{Subresource}\"";
        if (Operation == "Update")
            text += Time is null ? $" using {ApiVersion}" : $" using {ApiVersion} at {Time}";
        return text;
    }
}

internal static class ManagedFields
{
    private static readonly HashSet<string> StrippedMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ];

    public static List<ManagedEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedEntry>();
        foreach (var item in obj.ArrayAt("metadata", "managedFields")?.OfType<JsonObject>() ?? [])
        {
            entries.Add(new ManagedEntry
            {
                Manager = item.Str("manager") ?? "",
                Operation = item.Str("operation") ?? "Update",
                ApiVersion = item.Str("apiVersion") ?? "",
                Subresource = item.Str("subresource") ?? "",
                Time = item.Str("time"),
                Fields = FieldSet.FromFieldsV1(item.ObjectAt("fieldsV1")),
            });
        }
        return entries;
    }

    public static void Write(JsonObject obj, IEnumerable<ManagedEntry> entries)
    {
        var array = new JsonArray();
        foreach (var entry in entries.Where(e => !e.Fields.IsEmpty))
        {
            var item = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
            };
            if (entry.Time is not null)
                item["time"] = entry.Time;
            item["fieldsType"] = "FieldsV1";
            item["fieldsV1"] = entry.Fields.ToFieldsV1();
            if (entry.Subresource.Length > 0)
                item["subresource"] = entry.Subresource;
            array.Add(item);
        }
        if (array.Count == 0)
            obj.Metadata().Remove("managedFields");
        else
            obj.Metadata()["managedFields"] = array;
    }

    /// <summary>managerOrUserAgent: the fieldManager parameter, else the User-Agent up to its first '/'.</summary>
    public static string ManagerFor(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
            return fieldManager;
        var agent = userAgent ?? "";
        var slash = agent.IndexOf('/');
        return slash < 0 ? agent : agent[..slash];
    }

    /// <summary>Records an Update-operation write of <paramref name="updated"/> over <paramref name="live"/> (null on create).</summary>
    public static void RecordUpdate(JsonObject? live, JsonObject updated, ResourceType type, string manager, string subresource)
    {
        var entries = Read(live);
        var (changed, removed) = Diff(live, updated, type);
        foreach (var path in removed.MemberPaths())
        {
            foreach (var entry in entries)
                entry.Fields.RemoveSubtree(path);
        }
        foreach (var entry in entries)
            entry.Fields = entry.Fields.Minus(changed);
        if (!changed.IsEmpty)
        {
            var target = entries.FirstOrDefault(e => e.SameIdentity(manager, "Update", subresource, type.GroupVersion));
            if (target is null)
            {
                target = new ManagedEntry { Manager = manager, Operation = "Update", ApiVersion = type.GroupVersion, Subresource = subresource };
                entries.Add(target);
            }
            target.Fields = target.Fields.Union(changed);
            target.Time = JsonTree.Now();
        }
        Write(updated, entries);
    }

    /// <summary>Fields an applied configuration sets: leaves, atomic lists, and associative-list items (with ".").</summary>
    public static FieldSet AppliedSet(JsonObject config, ResourceType type)
    {
        var set = new FieldSet();
        Collect(config, [], [], set, type, markMaps: false);
        return set;
    }

    private static void Collect(JsonNode? node, List<string> elements, List<string> fields, FieldSet set, ResourceType type, bool markMaps)
    {
        switch (node)
        {
            case JsonObject obj:
                if ((obj.Count == 0 && elements.Count > 0) || (markMaps && elements.Count > 0 && ListSemantics.IsStringMap(fields)))
                    set.Insert(elements);
                foreach (var (name, value) in obj)
                {
                    if (value is null || IsStripped(fields, name, value))
                        continue;
                    elements.Add(FieldSet.FieldElement(name));
                    fields.Add(name);
                    Collect(value, elements, fields, set, type, markMaps);
                    elements.RemoveAt(elements.Count - 1);
                    fields.RemoveAt(fields.Count - 1);
                }
                break;
            case JsonArray array:
                var shape = ListSemantics.For(type, fields);
                if (shape.Kind == ListKind.Atomic || array.Count == 0)
                {
                    set.Insert(elements);
                    break;
                }
                foreach (var item in array)
                {
                    if (shape.Kind == ListKind.Set || item is not JsonObject itemObject)
                    {
                        elements.Add(FieldSet.ValueElement(item));
                        set.Insert(elements);
                        elements.RemoveAt(elements.Count - 1);
                        continue;
                    }
                    elements.Add(FieldSet.KeyElement(itemObject, shape.Keys));
                    fields.Add("[]");
                    set.Insert(elements);
                    Collect(itemObject, elements, fields, set, type, markMaps);
                    elements.RemoveAt(elements.Count - 1);
                    fields.RemoveAt(fields.Count - 1);
                }
                break;
            default:
                set.Insert(elements);
                break;
        }
    }

    /// <summary>apiVersion, kind and the server-owned metadata fields are never part of a field set (stripmeta.go).</summary>
    private static bool IsStripped(List<string> fields, string name, JsonNode? value) => fields.Count switch
    {
        0 => name is "apiVersion" or "kind"
             || (name == "metadata" && value is JsonObject meta && meta.All(kv => StrippedMetadata.Contains(kv.Key))),
        1 => fields[0] == "metadata" && StrippedMetadata.Contains(name),
        _ => false,
    };

    /// <summary>Paths added or changed from <paramref name="before"/> to <paramref name="after"/>, and paths removed.</summary>
    public static (FieldSet Changed, FieldSet Removed) Diff(JsonObject? before, JsonObject? after, ResourceType type)
    {
        var changed = new FieldSet();
        var removed = new FieldSet();
        if (after is null)
            return (changed, removed);
        if (before is null)
        {
            Collect(after, [], [], changed, type, markMaps: true);
            changed.Remove([]);
            return (changed, removed);
        }
        DiffNode(before, after, [], [], changed, removed, type);
        return (changed, removed);
    }

    private static void DiffNode(JsonNode? before, JsonNode? after, List<string> elements, List<string> fields,
        FieldSet changed, FieldSet removed, ResourceType type)
    {
        if (JsonNode.DeepEquals(before, after))
            return;
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var (name, value) in a)
            {
                if (IsStripped(fields, name, value))
                    continue;
                elements.Add(FieldSet.FieldElement(name));
                fields.Add(name);
                if (b.TryGetPropertyValue(name, out var old))
                    DiffNode(old, value, elements, fields, changed, removed, type);
                else if (value is not null)
                    AddAll(value, elements, fields, changed, type);
                elements.RemoveAt(elements.Count - 1);
                fields.RemoveAt(fields.Count - 1);
            }
            foreach (var (name, old) in b)
            {
                if (!a.ContainsKey(name) && !IsStripped(fields, name, old))
                    removed.Insert([.. elements, FieldSet.FieldElement(name)]);
            }
            return;
        }
        if (before is JsonArray ba && after is JsonArray aa && ListSemantics.For(type, fields) is { Kind: not ListKind.Atomic } shape)
        {
            foreach (var item in aa)
            {
                var element = ElementFor(item, shape);
                var index = ListSemantics.IndexOfKey(ba, item, shape);
                elements.Add(element);
                fields.Add("[]");
                if (index < 0)
                {
                    changed.Insert(elements);
                    if (shape.Kind == ListKind.Map)
                        Collect(item, elements, fields, changed, type, markMaps: true);
                }
                else if (shape.Kind == ListKind.Map)
                {
                    DiffNode(ba[index], item, elements, fields, changed, removed, type);
                }
                elements.RemoveAt(elements.Count - 1);
                fields.RemoveAt(fields.Count - 1);
            }
            foreach (var item in ba)
            {
                if (ListSemantics.IndexOfKey(aa, item, shape) < 0)
                    removed.Insert([.. elements, ElementFor(item, shape)]);
            }
            return;
        }
        changed.Insert(elements);
    }

    private static void AddAll(JsonNode value, List<string> elements, List<string> fields, FieldSet changed, ResourceType type) =>
        Collect(value, elements, fields, changed, type, markMaps: true);

    private static string ElementFor(JsonNode? item, ListShape shape) =>
        shape.Kind == ListKind.Map && item is JsonObject obj ? FieldSet.KeyElement(obj, shape.Keys) : FieldSet.ValueElement(item);
}
