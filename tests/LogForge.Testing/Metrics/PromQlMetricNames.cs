using System.Text.RegularExpressions;

namespace LogForge.Testing.Metrics;

/// <summary>
/// The metric names a PromQL expression selects (the grammar of prometheus/prometheus promql/parser: a vector
/// selector is a metric name, optionally followed by {matchers}; functions and aggregations are identifiers followed
/// by "(", aggregation modifiers and binary-operator keywords take label lists). String literals, label matchers,
/// ranges and label lists are removed first, so only selectors' names remain. Run it on expressions promtool parsed.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "atan2", "start", "end", "inf", "nan",
    };

    public static IReadOnlySet<string> Of(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = LabelList().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match identifier in Identifier().Matches(text))
        {
            var name = identifier.Value;
            var rest = text.AsSpan(identifier.Index + name.Length).TrimStart();
            if (!Keywords.Contains(name) && (rest.IsEmpty || rest[0] != '('))
                names.Add(name);
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelList();

    [GeneratedRegex(@"(?<![\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
