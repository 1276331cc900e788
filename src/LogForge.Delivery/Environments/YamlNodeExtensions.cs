using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>Small navigation helpers over YamlDotNet's representation model.</summary>
public static class YamlNodeExtensions
{
    public static YamlNode? At(this YamlNode node, params string[] keys)
    {
        YamlNode? current = node;
        foreach (var key in keys)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
                return null;
        }
        return current;
    }

    public static string? ScalarAt(this YamlNode node, params string[] keys) => (node.At(keys) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Select(c => new KeyValuePair<string, YamlNode>((c.Key as YamlScalarNode)?.Value ?? c.Key.ToString(), c.Value))
            : [];

    /// <summary>A short one-line rendering of a node for reports: scalars as is, collections in flow style.</summary>
    public static string ToShortText(this YamlNode? node, int maxLength = 100)
    {
        var text = node switch
        {
            null => "(absent)",
            YamlScalarNode scalar => scalar.Value ?? "null",
            YamlSequenceNode sequence => "[" + string.Join(", ", sequence.Children.Select(c => c.ToShortText(int.MaxValue))) + "]",
            YamlMappingNode mapping =>
                "{" + string.Join(", ", mapping.Children.Select(c => $"{c.Key.ToShortText(int.MaxValue)}: {c.Value.ToShortText(int.MaxValue)}")) + "}",
            _ => node.ToString(),
        };
        return text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
    }
}
