using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Environments;

/// <summary>Staging vs production: every structural difference the policy does not allow fails.</summary>
public sealed class ParityCheck(EnvironmentPolicy policy)
{
    public string Name => $"Parity {policy.Parity.Compare[0]} vs {policy.Parity.Compare[1]}";

    public CheckResult Check(RenderedEnvironment left, RenderedEnvironment right)
    {
        var allowlist = new ParityAllowlist(policy.Parity);
        var judged = ParityDiff.Compare(left.Name, left.Documents, right.Name, right.Documents)
            .Select(d => (Difference: d, Verdict: allowlist.Judge(d)))
            .ToList();
        var forbidden = judged
            .Where(j => !j.Verdict.Allowed)
            .Select(j => j.Difference + (j.Verdict.Reason is null ? "" : $"  ({j.Verdict.Reason})"))
            .ToList();
        if (forbidden.Count > 0)
            return CheckResult.Fail(Name, string.Join("\n", forbidden));

        var allowed = judged.GroupBy(j => j.Verdict.Reason!).Select(g => $"{g.Key}: {g.Count()}");
        return CheckResult.Pass(Name, judged.Count == 0
            ? "identical"
            : $"{judged.Count} allowed differences ({string.Join("; ", allowed)})");
    }
}
