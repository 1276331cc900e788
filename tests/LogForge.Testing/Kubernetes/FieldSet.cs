// A set of field paths in the FieldsV1 encoding of metadata.managedFields: "f:<field>", "k:<key fields as JSON>",
// "v:<value as JSON>", "i:<index>"; "." marks the node itself as a member. Followed:
// kubernetes-sigs/structured-merge-diff fieldpath/serialize.go, fieldpath/element.go (PathElement.String for
// conflict messages: .spec.containers[name="app"].image) and the FieldsV1 description in
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go.
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> _children = new(StringComparer.Ordinal);

    /// <summary>The path ending here is in the set (a leaf, or a "." entry).</summary>
    public bool Member { get; set; }

    public bool IsEmpty => !Member && _children.Count == 0;

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                node._children[element] = child;
            }
            node = child;
        }
        node.Member = true;
    }

    public bool Contains(IReadOnlyList<string> path) => Find(path)?.Member == true;

    /// <summary>The path itself or anything below it is in the set.</summary>
    public bool HasAnyUnder(IReadOnlyList<string> path) => Find(path) is { } node && node.MemberPaths([]).Any();

    public IEnumerable<string[]> MemberPaths() => MemberPaths([]);

    private IEnumerable<string[]> MemberPaths(List<string> prefix)
    {
        if (Member)
            yield return [.. prefix];
        foreach (var (element, child) in _children)
        {
            prefix.Add(element);
            foreach (var path in child.MemberPaths(prefix))
                yield return path;
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>Removes the path and everything below it.</summary>
    public void RemoveSubtree(IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            Member = false;
            _children.Clear();
            return;
        }
        var trail = new List<(FieldSet Parent, string Element)>();
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out var child))
                return;
            trail.Add((node, element));
            node = child;
        }
        trail[^1].Parent._children.Remove(trail[^1].Element);
        Prune(trail);
    }

    public void Remove(IReadOnlyList<string> path)
    {
        var trail = new List<(FieldSet Parent, string Element)>();
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out var child))
                return;
            trail.Add((node, element));
            node = child;
        }
        node.Member = false;
        Prune(trail);
    }

    private static void Prune(List<(FieldSet Parent, string Element)> trail)
    {
        for (var i = trail.Count - 1; i >= 0; i--)
        {
            var (parent, element) = trail[i];
            if (parent._children.TryGetValue(element, out var child) && child.IsEmpty)
                parent._children.Remove(element);
        }
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { Member = Member };
        foreach (var (element, child) in _children)
            copy._children[element] = child.Clone();
        return copy;
    }

    public FieldSet Union(FieldSet other)
    {
        var result = Clone();
        result.UnionInPlace(other);
        return result;
    }

    private void UnionInPlace(FieldSet other)
    {
        Member |= other.Member;
        foreach (var (element, child) in other._children)
        {
            if (_children.TryGetValue(element, out var mine))
                mine.UnionInPlace(child);
            else
                _children[element] = child.Clone();
        }
    }

    /// <summary>Members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldSet Minus(FieldSet? other)
    {
        var result = new FieldSet { Member = Member && other?.Member != true };
        foreach (var (element, child) in _children)
        {
            FieldSet? theirs = null;
            other?._children.TryGetValue(element, out theirs);
            var rest = child.Minus(theirs);
            if (!rest.IsEmpty)
                result._children[element] = rest;
        }
        return result;
    }

    /// <summary>Members of both sets.</summary>
    public FieldSet Intersect(FieldSet other)
    {
        var result = new FieldSet { Member = Member && other.Member };
        foreach (var (element, child) in _children)
        {
            if (!other._children.TryGetValue(element, out var theirs))
                continue;
            var both = child.Intersect(theirs);
            if (!both.IsEmpty)
                result._children[element] = both;
        }
        return result;
    }

    private FieldSet? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out var child))
                return null;
            node = child;
        }
        return node;
    }

    public JsonObject ToFieldsV1()
    {
        var json = new JsonObject();
        if (Member && _children.Count > 0)
            json["."] = new JsonObject();
        foreach (var (element, child) in _children)
            json[element] = child.ToFieldsV1();
        return json;
    }

    public static FieldSet FromFieldsV1(JsonObject? json)
    {
        var set = new FieldSet();
        if (json is null)
            return set;
        foreach (var (element, value) in json)
        {
            if (element == ".")
            {
                set.Member = true;
                continue;
            }
            var child = FromFieldsV1(value as JsonObject);
            if (value is JsonObject { Count: 0 })
                child.Member = true;
            set._children[element] = child;
        }
        return set;
    }

    public static string FieldElement(string name) => "f:" + name;

    /// <summary>"k:" element: the item's key fields, sorted by name, as compact JSON.</summary>
    public static string KeyElement(JsonObject item, IEnumerable<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.OrderBy(k => k, StringComparer.Ordinal))
            key[name] = item[name]?.DeepClone();
        return "k:" + key.ToCompactJson();
    }

    public static string ValueElement(JsonNode? value) => "v:" + (value?.ToCompactJson() ?? "null");

    /// <summary>fieldpath.Path.String(): <c>.spec.containers[name="app"].image</c>.</summary>
    public static string Describe(IEnumerable<string> path) => string.Concat(path.Select(DescribeElement));

    private static string DescribeElement(string element)
    {
        var body = element[2..];
        switch (element[..2])
        {
            case "f:":
                return "." + body;
            case "k:":
                var key = JsonNode.Parse(body) as JsonObject ?? new JsonObject();
                return "[" + string.Join(",", key.Select(kv => $"{kv.Key}={kv.Value?.ToCompactJson() ?? "null"}")) + "]";
            case "v:":
                return $"[={body}]";
            default:
                return $"[{body}]";
        }
    }

    /// <summary>The value at a path of elements, if present.</summary>
    public static bool TryGet(JsonNode? root, IReadOnlyList<string> path, out JsonNode? value)
    {
        value = root;
        foreach (var element in path)
        {
            if (!TryStep(value, element, out var next, out _))
                return false;
            value = next;
        }
        return true;
    }

    /// <summary>Removes the value at a path; true when something was removed.</summary>
    public static bool RemoveAt(JsonNode root, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
            return false;
        if (!TryGet(root, path.Take(path.Count - 1).ToList(), out var parent) || parent is null)
            return false;
        var last = path[^1];
        if (!TryStep(parent, last, out _, out var index))
            return false;
        switch (parent)
        {
            case JsonObject obj:
                return obj.Remove(last[2..]);
            case JsonArray array when index >= 0:
                array.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    private static bool TryStep(JsonNode? node, string element, out JsonNode? next, out int index)
    {
        next = null;
        index = -1;
        var body = element[2..];
        switch (element[..2])
        {
            case "f:" when node is JsonObject obj:
                return obj.TryGetPropertyValue(body, out next);
            case "k:" when node is JsonArray array:
                var key = JsonNode.Parse(body) as JsonObject ?? new JsonObject();
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject item && key.All(kv => JsonNode.DeepEquals(item[kv.Key], kv.Value)))
                    {
                        next = item;
                        index = i;
                        return true;
                    }
                }
                return false;
            case "v:" when node is JsonArray array:
                var value = JsonNode.Parse(body);
                for (var i = 0; i < array.Count; i++)
                {
                    if (JsonNode.DeepEquals(array[i], value))
                    {
                        next = array[i];
                        index = i;
                        return true;
                    }
                }
                return false;
            case "i:" when node is JsonArray array && int.TryParse(body, out var at) && at >= 0 && at < array.Count:
                next = array[at];
                index = at;
                return true;
            default:
                return false;
        }
    }
}
