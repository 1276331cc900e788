using LogForge.Delivery.Doctor;
using LogForge.Delivery.Environments;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.Doctor;

/// <summary>The assertion every Doctor coverage test makes: each permission a target was authorized for is one its row asks about.</summary>
internal static class AccessCoverage
{
    public static void AssertAsked(string target, IEnumerable<AccessAttributes> used, IReadOnlyList<AccessNeed> asked)
    {
        var needs = used.Select(a => new AccessNeed(a.Verb, a.Group, a.Resource, a.Subresource, a.Namespace)).Distinct().ToList();
        Assert.NotEmpty(needs);
        var notAsked = needs.Where(n => !asked.Contains(n)).Select(n => n.ToString()).ToList();
        Assert.True(notAsked.Count == 0, $"{target} used permissions Doctor does not ask for: {string.Join("; ", notAsked)}");
    }

    /// <summary>What <paramref name="target"/>'s RBAC row asks for under <paramref name="policy"/> (every target's but Bootstrap's).</summary>
    public static IReadOnlyList<AccessNeed> RowOf(EnvironmentPolicy policy, string target) =>
        AccessNeeds.For(policy).Single(t => t.Target == target).Needs;
}
