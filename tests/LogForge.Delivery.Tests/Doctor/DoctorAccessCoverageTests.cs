using LogForge.Delivery.Cluster;
using LogForge.Delivery.Doctor;
using LogForge.Delivery.Tests.Cluster.Faults;

namespace LogForge.Delivery.Tests.Doctor;

/// <summary>
/// Doctor's RBAC rows held to what the targets really do: every permission Bootstrap, ApplyArgo, Secrets and MinioPreflight were
/// authorized for by the fake API server in the fault lab's first run (its RBAC attributes: kubernetes requestinfo.go) is one Doctor
/// asks a SelfSubjectAccessReview for.
/// </summary>
[Collection(nameof(FaultLabCollection))]
public sealed class DoctorAccessCoverageTests(FaultLab lab)
{
    [Fact]
    public async Task Bootstrap_s_row_is_derived_from_its_manifests_and_asks_for_every_permission_Bootstrap_used()
    {
        using var cluster = lab.Lab.Connect();
        var manifests = await lab.Lab.Platform().LoadAsync(CancellationToken.None);
        var derived = await BootstrapAccess.ForAsync(manifests, new ResourceCatalog(cluster), CancellationToken.None);

        Assert.Empty(derived.UnknownKinds);
        Assert.Equal(manifests.Count, derived.Objects);
        // Kinds the fixed fallback list does not name: a Strimzi kind and one of Argo CD's install.
        Assert.Contains(new AccessNeed("patch", "kafka.strimzi.io", "kafkanodepools", "", "kafka"), derived.Needs);
        Assert.Contains(new AccessNeed("patch", "", "serviceaccounts", "", "argocd"), derived.Needs);
        Assert.DoesNotContain(new AccessNeed("patch", "", "serviceaccounts", "", "argocd"), AccessNeeds.BootstrapWithoutManifests);
        AssertAsked("Bootstrap", derived.Needs);
    }

    [Theory]
    [InlineData("ApplyArgo")]
    [InlineData("Secrets")]
    [InlineData("MinioPreflight")]
    public void The_row_of_each_target_asks_for_every_permission_the_target_used(string target) =>
        AssertAsked(target, AccessCoverage.RowOf(lab.Policy, target));

    private void AssertAsked(string target, IReadOnlyList<AccessNeed> asked) => AccessCoverage.AssertAsked(target, lab.AccessUsed[target], asked);
}
