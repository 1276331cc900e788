using System.Text.RegularExpressions;

namespace LogForge.Delivery.Environments;

/// <summary>The differences between staging and production that policy.yaml allows, each with its reason.</summary>
public sealed class ParityAllowlist
{
    private readonly IReadOnlyList<(AllowedDifference Rule, Regex Pattern)> _patterns;

    public ParityAllowlist(IEnumerable<AllowedDifference> allowed) =>
        _patterns = allowed
            .SelectMany(rule => rule.Paths.Select(path => (rule, ToRegex(path))))
            .ToList();

    /// <summary>The reason a difference is allowed, or null when it is not.</summary>
    public string? AllowedBecause(ParityDifference difference)
    {
        foreach (var (rule, pattern) in _patterns)
        {
            if (!pattern.IsMatch(difference.Path))
                continue;
            if (rule.Only == "tag" && ImageReference.Repository(difference.Left) != ImageReference.Repository(difference.Right))
                continue;
            return rule.Reason;
        }
        return null;
    }

    private static Regex ToRegex(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
}
