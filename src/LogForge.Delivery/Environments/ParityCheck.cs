using LogForge.Delivery.Validation;

namespace LogForge.Delivery.Environments;

/// <summary>Staging vs production: every structural difference outside the policy allowlist fails.</summary>
public sealed class ParityCheck(EnvironmentPolicy policy)
{
    public string Name => $"Parity {policy.Parity.Compare[0]} vs {policy.Parity.Compare[1]}";

    public CheckResult Check(RenderedEnvironment left, RenderedEnvironment right)
    {
        var allowlist = new ParityAllowlist(policy.Parity.AllowedDifferences);
        var differences = ParityDiff.Compare(left.Name, left.Documents, right.Name, right.Documents);
        var forbidden = differences.Where(d => allowlist.AllowedBecause(d) is null).Select(d => d.ToString()).ToList();
        if (forbidden.Count > 0)
            return CheckResult.Fail(Name, string.Join("\n", forbidden));

        var allowed = differences
            .GroupBy(d => allowlist.AllowedBecause(d)!)
            .Select(g => $"{g.Key}: {g.Count()}");
        return CheckResult.Pass(Name, differences.Count == 0
            ? "identical"
            : $"{differences.Count} allowed differences ({string.Join("; ", allowed)})");
    }
}
