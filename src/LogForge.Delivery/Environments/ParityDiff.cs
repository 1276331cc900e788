using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// Structural diff of two environments' rendered manifests. Documents are matched by kind + name;
/// mappings by key; sequences of named items (containers, env, volumes, ports) by name, others by index.
/// Paths read like `spec.template.spec.containers[name=api].resources.limits.memory`.
/// </summary>
public static partial class ParityDiff
{
    public const string Absent = "(absent)";

    public static IReadOnlyList<ParityDifference> Compare(
        string leftEnv, IReadOnlyList<ManifestDocument> left, string rightEnv, IReadOnlyList<ManifestDocument> right)
    {
        var differences = new List<ParityDifference>();
        var rightById = right.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First());
        var leftIds = left.Select(d => d.Id).ToHashSet();

        foreach (var document in left)
        {
            if (!rightById.TryGetValue(document.Id, out var other))
            {
                differences.Add(new(document.Kind, document.Name, ParityDifference.DocumentPath, "present", Absent, leftEnv, rightEnv));
                continue;
            }
            CompareNodes(document.Root, other.Root, "", (path, l, r) =>
                differences.Add(new(document.Kind, document.Name, path, l, r, leftEnv, rightEnv)));
        }
        foreach (var document in right.Where(d => !leftIds.Contains(d.Id)))
            differences.Add(new(document.Kind, document.Name, ParityDifference.DocumentPath, Absent, "present", leftEnv, rightEnv));

        return differences;
    }

    private static void CompareNodes(YamlNode? left, YamlNode? right, string path, Action<string, string, string> report)
    {
        switch (left, right)
        {
            case (YamlMappingNode l, YamlMappingNode r):
                var leftEntries = l.Entries().ToDictionary(e => e.Key, e => e.Value);
                var rightEntries = r.Entries().ToDictionary(e => e.Key, e => e.Value);
                foreach (var key in leftEntries.Keys.Concat(rightEntries.Keys.Where(k => !leftEntries.ContainsKey(k))))
                    CompareNodes(leftEntries.GetValueOrDefault(key), rightEntries.GetValueOrDefault(key), KeyPath(path, key), report);
                break;

            case (YamlSequenceNode l, YamlSequenceNode r) when AllNamed(l) && AllNamed(r):
                var leftItems = l.Children.ToDictionary(ItemName);
                var rightItems = r.Children.ToDictionary(ItemName);
                foreach (var name in leftItems.Keys.Concat(rightItems.Keys.Where(n => !leftItems.ContainsKey(n))))
                    CompareNodes(leftItems.GetValueOrDefault(name), rightItems.GetValueOrDefault(name), $"{path}[name={name}]", report);
                break;

            case (YamlSequenceNode l, YamlSequenceNode r):
                for (var i = 0; i < Math.Max(l.Children.Count, r.Children.Count); i++)
                    CompareNodes(i < l.Children.Count ? l.Children[i] : null, i < r.Children.Count ? r.Children[i] : null, $"{path}[{i}]", report);
                break;

            case (YamlScalarNode l, YamlScalarNode r):
                if (l.Value != r.Value)
                    report(path, l.ToShortText(), r.ToShortText());
                break;

            case (null, null):
                break;

            default:
                report(path, left.ToShortText(), right.ToShortText());
                break;
        }
    }

    private static bool AllNamed(YamlSequenceNode sequence)
    {
        var names = sequence.Children.Select(c => c is YamlMappingNode ? c.ScalarAt("name") : null).ToList();
        return names.Count > 0 && names.All(n => n is not null) && names.Distinct().Count() == names.Count;
    }

    private static string ItemName(YamlNode item) => item.ScalarAt("name")!;

    private static string KeyPath(string path, string key) =>
        PlainKey().IsMatch(key)
            ? (path.Length == 0 ? key : $"{path}.{key}")
            : $"{path}[\"{key}\"]";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PlainKey();
}
