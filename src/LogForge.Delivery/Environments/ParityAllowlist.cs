using System.Text.RegularExpressions;

namespace LogForge.Delivery.Environments;

/// <summary>
/// The differences between staging and production that policy.yaml allows. An environment identifier
/// (namespace, release name, secret name, bucket, Kafka topic and group) may differ only by the
/// environment's name; any other difference on its path is forbidden, whatever other rule matches.
/// </summary>
public sealed class ParityAllowlist
{
    private readonly IReadOnlyList<(AllowedDifference Rule, Regex Pattern)> _identifiers;
    private readonly IReadOnlyList<(AllowedDifference Rule, Regex Pattern)> _allowed;

    public ParityAllowlist(ParityPolicy parity)
    {
        _identifiers = Compile(parity.EnvironmentIdentifiers);
        _allowed = Compile(parity.AllowedDifferences);
    }

    /// <summary>Allowed (with the reason) or forbidden (with why, when a rule explains it).</summary>
    public ParityVerdict Judge(ParityDifference difference)
    {
        foreach (var (rule, pattern) in _identifiers)
        {
            if (!pattern.IsMatch(difference.Path))
                continue;
            return IsRenamed(difference)
                ? ParityVerdict.Allow(rule.Reason)
                : ParityVerdict.Forbid($"{rule.Reason} is an environment identifier: " +
                    $"{difference.RightEnv}'s value must be {difference.LeftEnv}'s with '{difference.LeftEnv}' replaced by '{difference.RightEnv}'");
        }
        foreach (var (rule, pattern) in _allowed)
        {
            if (!pattern.IsMatch(difference.Path))
                continue;
            if (rule.Only == "tag" && ImageReference.Repository(difference.Left) != ImageReference.Repository(difference.Right))
                continue;
            return ParityVerdict.Allow(rule.Reason);
        }
        return ParityVerdict.Forbid(null);
    }

    private static bool IsRenamed(ParityDifference d) =>
        d.Left.Contains(d.LeftEnv, StringComparison.Ordinal) && d.Left.Replace(d.LeftEnv, d.RightEnv, StringComparison.Ordinal) == d.Right;

    private static List<(AllowedDifference, Regex)> Compile(IEnumerable<AllowedDifference> rules) =>
        rules.SelectMany(rule => rule.Paths.Select(path => (rule, ToRegex(path)))).ToList();

    private static Regex ToRegex(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
}

/// <summary>What the allowlist says about one difference.</summary>
public sealed record ParityVerdict(bool Allowed, string? Reason)
{
    public static ParityVerdict Allow(string reason) => new(true, reason);
    public static ParityVerdict Forbid(string? why) => new(false, why);
}
