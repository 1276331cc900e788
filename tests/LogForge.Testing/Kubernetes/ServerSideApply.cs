// Server-side apply (PATCH with application/apply-patch+yaml). Followed: kubernetes-sigs/structured-merge-diff
// merge/update.go (Updater.Apply: conflicts are fields this configuration sets that another manager owns with a
// different value; force moves just those fields to the applier; fields the applier owned before and no longer sets
// are removed unless another manager still owns them; the applier's set becomes exactly what it applied),
// kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/managedfieldsupdater.go (the
// entry's time moves only when the object changed) and the Server-Side Apply documentation
// (https://kubernetes.io/docs/reference/using-api/server-side-apply/: merge strategy per list type, conflicts, force).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class ServerSideApply
{
    /// <summary>The object <paramref name="config"/> applied by <paramref name="manager"/> over <paramref name="live"/> (null: create).</summary>
    public static JsonObject Apply(JsonObject? live, JsonObject config, ResourceType type, string manager, bool force, string subresource)
    {
        var entries = ManagedFields.Read(live);
        var applied = ManagedFields.AppliedSet(config, type);
        var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == "Apply" && e.Subresource == subresource);
        var previous = mine?.Fields ?? new FieldSet();

        var merged = live?.Clone() ?? new JsonObject();
        Merge(merged, config, type, []);

        if (live is not null)
            ResolveConflicts(live, merged, applied, entries.Where(e => e != mine).ToList(), force);

        var others = entries.Where(e => e != mine).ToList();
        foreach (var path in previous.Minus(applied).MemberPaths().OrderByDescending(p => p.Length))
        {
            if (others.Any(e => e.Fields.HasAnyUnder(path)))
                continue;
            if (FieldSet.RemoveAt(merged, path))
                RemoveEmptyParents(merged, path, others);
        }

        var contentChanged = live is null || !SameContent(live, merged);
        if (mine is null)
        {
            mine = new ManagedEntry { Manager = manager, Operation = "Apply", ApiVersion = type.GroupVersion, Subresource = subresource };
            entries.Add(mine);
            mine.Time = JsonTree.Now();
        }
        else if (contentChanged || mine.ApiVersion != type.GroupVersion)
        {
            mine.Time = JsonTree.Now();
        }
        mine.ApiVersion = type.GroupVersion;
        mine.Fields = applied;
        ManagedFields.Write(merged, entries);
        return merged;
    }

    /// <summary>Equal but for managedFields (which this apply is about to rewrite).</summary>
    private static bool SameContent(JsonObject a, JsonObject b)
    {
        if (a.Count != b.Count)
            return false;
        foreach (var (name, value) in a)
        {
            if (!b.TryGetPropertyValue(name, out var other))
                return false;
            if (name == "metadata" && value is JsonObject ma && other is JsonObject mb)
            {
                var keys = ma.Select(kv => kv.Key).Concat(mb.Select(kv => kv.Key)).Where(k => k != "managedFields").Distinct();
                if (keys.Any(k => !JsonNode.DeepEquals(ma[k], mb[k])))
                    return false;
            }
            else if (!JsonNode.DeepEquals(value, other))
            {
                return false;
            }
        }
        return true;
    }

    private static void ResolveConflicts(JsonObject live, JsonObject merged, FieldSet applied, List<ManagedEntry> others, bool force)
    {
        var conflicts = new List<(ManagedEntry Entry, string[] Path)>();
        foreach (var other in others)
        {
            foreach (var path in applied.Intersect(other.Fields).MemberPaths())
            {
                if (!IsValueField(merged, path))
                    continue;
                FieldSet.TryGet(live, path, out var before);
                FieldSet.TryGet(merged, path, out var after);
                if (!JsonNode.DeepEquals(before, after))
                    conflicts.Add((other, path));
            }
        }
        if (conflicts.Count == 0)
            return;
        if (!force)
        {
            throw StatusError.ApplyConflict(conflicts
                .Select(c => (c.Entry.Describe(), FieldSet.Describe(c.Path)))
                .OrderBy(c => c.Item1, StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal)
                .ToList());
        }
        foreach (var (entry, path) in conflicts)
            entry.Fields.Remove(path);
    }

    /// <summary>A path whose value is compared for conflicts: not an associative-list item and not a non-empty map.</summary>
    private static bool IsValueField(JsonObject obj, string[] path)
    {
        if (path.Length == 0 || path[^1].StartsWith("k:", StringComparison.Ordinal) || path[^1].StartsWith("v:", StringComparison.Ordinal))
            return false;
        return !FieldSet.TryGet(obj, path, out var value) || value is not JsonObject { Count: > 0 };
    }

    private static void RemoveEmptyParents(JsonObject root, string[] path, List<ManagedEntry> others)
    {
        for (var depth = path.Length - 1; depth >= 2; depth--)
        {
            var parent = path[..depth];
            if (!FieldSet.TryGet(root, parent, out var node) || node is not JsonObject { Count: 0 } || others.Any(e => e.Fields.Contains(parent)))
                return;
            FieldSet.RemoveAt(root, parent);
        }
    }

    /// <summary>Merges an applied configuration into the object: maps by field, associative lists by key, sets by value, rest replaced.</summary>
    public static void Merge(JsonObject target, JsonObject config, ResourceType type, List<string> fields)
    {
        foreach (var (name, value) in config)
        {
            fields.Add(name);
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject configObject && target[name] is JsonObject targetObject)
            {
                Merge(targetObject, configObject, type, fields);
            }
            else if (value is JsonArray configArray && target[name] is JsonArray targetArray
                     && ListSemantics.For(type, fields) is { Kind: not ListKind.Atomic } shape)
            {
                MergeList(targetArray, configArray, shape, type, fields);
            }
            else
            {
                target[name] = value.DeepClone();
            }
            fields.RemoveAt(fields.Count - 1);
        }
    }

    private static void MergeList(JsonArray target, JsonArray config, ListShape shape, ResourceType type, List<string> fields)
    {
        foreach (var item in config)
        {
            var index = ListSemantics.IndexOfKey(target, item, shape);
            if (index < 0)
            {
                target.Add(item?.DeepClone());
            }
            else if (shape.Kind == ListKind.Map && target[index] is JsonObject live && item is JsonObject applied)
            {
                fields.Add("[]");
                Merge(live, applied, type, fields);
                fields.RemoveAt(fields.Count - 1);
            }
        }
    }
}
