// Strategic merge patch (application/strategic-merge-patch+json) for built-in types. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go and
// https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md:
// maps merge and null deletes; lists with a patchMergeKey merge item by item ("$patch: delete" removes one);
// primitive lists with patchStrategy merge (finalizers) are unioned and "$deleteFromPrimitiveList/<field>" removes
// values; "$patch: replace" replaces a map; "$retainKeys" keeps only the listed keys; "$setElementOrder/<field>" is
// accepted (order is not re-applied here). Other lists are replaced.
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject document, JsonNode? patch, ResourceType type)
    {
        if (patch is not JsonObject patchObject)
            throw StatusError.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");
        var result = document.Clone();
        return MergeMap(result, patchObject, type, []) ?? new JsonObject();
    }

    private static JsonObject? MergeMap(JsonObject target, JsonObject patch, ResourceType type, List<string> fields)
    {
        switch (patch.Str("$patch"))
        {
            case "delete":
                return null;
            case "replace":
            {
                var replaced = patch.Clone();
                replaced.Remove("$patch");
                return replaced;
            }
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).OfType<string>().ToHashSet();
            foreach (var name in target.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
                target.Remove(name);
        }
        foreach (var (name, value) in patch)
        {
            if (name is "$patch" or "$retainKeys" || name.StartsWith("$setElementOrder/", StringComparison.Ordinal))
                continue;
            if (name.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = name["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list && value is JsonArray gone)
                {
                    foreach (var item in list.Where(i => gone.Any(g => JsonNode.DeepEquals(g, i))).ToList())
                        list.Remove(item);
                }
                continue;
            }
            fields.Add(name);
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchChild)
            {
                var existing = target[name] as JsonObject;
                var merged = MergeMap(existing ?? new JsonObject(), patchChild, type, fields);
                if (merged is null)
                    target.Remove(name);
                else if (!ReferenceEquals(merged, existing))
                    target[name] = merged;
            }
            else if (value is JsonArray patchList && target[name] is JsonArray targetList)
            {
                target[name] = MergeList(targetList, patchList, type, fields);
            }
            else
            {
                target[name] = StripDirectives(value.DeepClone());
            }
            fields.RemoveAt(fields.Count - 1);
        }
        return target;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, ResourceType type, List<string> fields)
    {
        var shape = ListSemantics.For(type, fields);
        if (shape.Kind == ListKind.Set)
        {
            var union = (JsonArray)target.DeepClone();
            foreach (var item in patch.Where(p => !union.Any(u => JsonNode.DeepEquals(u, p))))
                union.Add(item?.DeepClone());
            return union;
        }
        if (shape.PatchMergeKey is not { } key)
            return (JsonArray)StripDirectives(patch.DeepClone())!;
        if (patch.OfType<JsonObject>().Any(p => p.Str("$patch") == "replace"))
            return new JsonArray(patch.OfType<JsonObject>().Where(p => p.Str("$patch") != "replace").Select(p => (JsonNode?)p.DeepClone()).ToArray());

        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i] is JsonObject existing && JsonNode.DeepEquals(existing[key], item[key]))
                {
                    index = i;
                    break;
                }
            }
            if (item.Str("$patch") == "delete")
            {
                if (index >= 0)
                    result.RemoveAt(index);
                continue;
            }
            if (index < 0)
            {
                result.Add(StripDirectives(item.DeepClone()));
                continue;
            }
            fields.Add("[]");
            var merged = MergeMap((JsonObject)result[index]!.DeepClone(), item, type, fields);
            fields.RemoveAt(fields.Count - 1);
            if (merged is null)
                result.RemoveAt(index);
            else
                result[index] = merged;
        }
        return result;
    }

    private static JsonNode? StripDirectives(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(kv => kv.Key).Where(k => k.StartsWith('$')).ToList())
                    obj.Remove(name);
                foreach (var (_, child) in obj)
                    StripDirectives(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    StripDirectives(child);
                break;
        }
        return node;
    }
}
