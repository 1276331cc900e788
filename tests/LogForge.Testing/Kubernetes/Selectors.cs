// Label and field selectors as list and watch take them. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apimachinery/pkg/labels/selector.go (requirements: =, ==, !=, in, notin, exists, !exists,
// gt, lt; comma-separated; parse errors answered 400), staging/src/k8s.io/apimachinery/pkg/fields/selector.go
// (=, ==, != terms, backslash escapes) and the per-type field label sets registered in pkg/registry/core/*/strategy.go
// (pods: spec.nodeName, status.phase, ...; events: involvedObject.*, reason, source, type; secrets: type).
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
            return selector;
        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
                throw StatusError.BadRequest($"unable to parse requirement: found '', expected: identifier");
            selector._requirements.Add(ParseRequirement(term));
        }
        return selector;
    }

    /// <summary>A metav1.LabelSelector object (matchLabels + matchExpressions), as workload specs carry it.</summary>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        var result = new LabelSelector();
        if (selector is null)
            return result;
        foreach (var (key, value) in JsonTree.StringMap(selector.ObjectAt("matchLabels")))
            result._requirements.Add(l => l.TryGetValue(key, out var v) && v == value);
        foreach (var expr in selector.ArrayAt("matchExpressions")?.OfType<JsonObject>() ?? [])
        {
            var key = expr.Str("key") ?? "";
            var values = expr.ArrayAt("values")?.Select(v => v?.ToString() ?? "").ToHashSet() ?? [];
            Func<IReadOnlyDictionary<string, string>, bool> requirement = expr.Str("operator") switch
            {
                "In" => l => l.TryGetValue(key, out var v) && values.Contains(v),
                "NotIn" => l => !l.TryGetValue(key, out var v) || !values.Contains(v),
                "Exists" => l => l.ContainsKey(key),
                "DoesNotExist" => l => !l.ContainsKey(key),
                _ => _ => false,
            };
            result._requirements.Add(requirement);
        }
        return result;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')')
                depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string term)
    {
        if (term.StartsWith('!'))
        {
            var key = ValidKey(term[1..].Trim(), term);
            return l => !l.ContainsKey(key);
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
                continue;
            var key = ValidKey(term[..at].Trim(), term);
            var value = term[(at + op.Length)..].Trim();
            return op == "!=" ? l => !l.TryGetValue(key, out var v) || v != value : l => l.TryGetValue(key, out var v) && v == value;
        }
        foreach (var (op, greater) in new[] { (">", true), ("<", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
                continue;
            var key = ValidKey(term[..at].Trim(), term);
            if (!long.TryParse(term[(at + 1)..].Trim(), out var bound))
                throw StatusError.BadRequest($"unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer");
            return l => l.TryGetValue(key, out var v) && long.TryParse(v, out var n) && (greater ? n > bound : n < bound);
        }
        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in", StringComparison.Ordinal) || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var key = ValidKey(words[0], term);
            var notIn = words[1].StartsWith("notin", StringComparison.Ordinal);
            var list = words[1][(notIn ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
                throw StatusError.BadRequest($"unable to parse requirement: found '{list}', expected: '('");
            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            return notIn ? l => !l.TryGetValue(key, out var v) || !values.Contains(v) : l => l.TryGetValue(key, out var v) && values.Contains(v);
        }
        if (words.Length == 1)
        {
            var key = ValidKey(words[0], term);
            return l => l.ContainsKey(key);
        }
        throw StatusError.BadRequest($"unable to parse requirement: found '{words[1]}', expected: in, notin, =, ==, !=, gt, lt");
    }

    private static string ValidKey(string key, string term)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
            throw StatusError.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in \"{term}\"");
        return key;
    }
}

internal sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Equal)> _terms = [];

    public static FieldSelector Everything { get; } = new();

    public IReadOnlyList<(string Field, string Value, bool Equal)> Terms => _terms;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
            return selector;
        var supported = SupportedFields(type);
        foreach (var term in SplitUnescaped(text, ','))
        {
            var (field, value, equal) = ParseTerm(term);
            if (!supported.ContainsKey(field))
            {
                throw StatusError.BadRequest(type.IsCustom
                    ? $"\"{field}\" is not a known field selector: only {string.Join(", ", supported.Keys.Select(k => $"\"{k}\""))}"
                    : $"field label not supported: {field}");
            }
            selector._terms.Add((field, value, equal));
        }
        return selector;
    }

    public bool Matches(JsonObject obj, ResourceType type)
    {
        if (_terms.Count == 0)
            return true;
        var fields = SupportedFields(type);
        foreach (var (field, value, equal) in _terms)
        {
            var actual = Lookup(obj, fields[field]);
            if ((actual == value) != equal)
                return false;
        }
        return true;
    }

    private static string Lookup(JsonObject obj, string path)
    {
        var node = JsonTree.Walk(obj, path.Split('.'));
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToJsonString(),
        };
    }

    private static (string Field, string Value, bool Equal) ParseTerm(string term)
    {
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = IndexOfUnescaped(term, op);
            if (at < 0)
                continue;
            return (Unescape(term[..at]).Trim(), Unescape(term[(at + op.Length)..]), op != "!=");
        }
        throw StatusError.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static Dictionary<string, string> SupportedFields(ResourceType type)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = "metadata.name",
            ["metadata.namespace"] = "metadata.namespace",
        };
        string[] extra = (type.Group, type.Plural) switch
        {
            ("", "pods") => ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
            ("", "events") => ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "type"],
            ("", "secrets") => ["type"],
            ("", "namespaces") => ["status.phase"],
            ("", "nodes") => ["spec.unschedulable"],
            ("", "services") => ["spec.clusterIP", "spec.type"],
            ("", "persistentvolumeclaims") => ["status.phase"],
            ("apps", "replicasets") => ["status.replicas"],
            ("batch", "jobs") => ["status.successful"],
            _ => [],
        };
        foreach (var field in extra)
            fields[field] = field;
        if (type is { Group: "", Plural: "events" })
            fields["source"] = "source.component";
        foreach (var path in type.SelectableFields ?? [])
            fields[path] = path;
        return fields;
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }
            if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static int IndexOfUnescaped(string text, string op)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }
            if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
                return i;
        }
        return -1;
    }

    private static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
                i++;
            sb.Append(text[i]);
        }
        return sb.ToString();
    }
}
