using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Tests.Environments;

public sealed class ParityDiffTests
{
    private const string Staging = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: logforge
          namespace: staging
          labels:
            app.kubernetes.io/instance: logforge-staging
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: api
                  image: ghcr.io/o/logforge:0.2.0
                  env:
                    - name: A
                      value: "1"
                    - name: B
                      value: "2"
                - name: sidecar
                  args: [--x, "1"]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: logforge
        """;

    private static IReadOnlyList<ParityDifference> Diff(string staging, string production) =>
        ParityDiff.Compare("staging", ManifestDocument.ParseAll(staging), "production", ManifestDocument.ParseAll(production));

    [Fact]
    public void Identical_manifests_have_no_differences() => Assert.Empty(Diff(Staging, Staging));

    [Fact]
    public void Reports_kind_name_path_and_both_values()
    {
        var differences = Diff(Staging, Staging.Replace("replicas: 2", "replicas: 3"));

        var difference = Assert.Single(differences);
        Assert.Equal("Deployment/logforge  spec.replicas  staging=2  production=3", difference.ToString());
    }

    [Fact]
    public void Matches_named_list_items_by_name_whatever_their_order()
    {
        var reordered = Staging.Replace(
            "- name: A\n              value: \"1\"\n            - name: B\n              value: \"2\"",
            "- name: B\n              value: \"2\"\n            - name: A\n              value: \"9\"");

        var difference = Assert.Single(Diff(Staging, reordered));
        Assert.Equal("spec.template.spec.containers[name=api].env[name=A].value", difference.Path);
        Assert.Equal(("1", "9"), (difference.Left, difference.Right));
    }

    [Fact]
    public void Compares_unnamed_lists_by_index_and_reports_missing_items_as_absent()
    {
        var differences = Diff(Staging, Staging.Replace("args: [--x, \"1\"]", "args: [--x]"));

        var difference = Assert.Single(differences);
        Assert.Equal("Deployment/logforge  spec.template.spec.containers[name=sidecar].args[1]  staging=1  production=(absent)", difference.ToString());
    }

    [Fact]
    public void Quotes_keys_that_are_not_plain_identifiers()
    {
        var difference = Assert.Single(Diff(Staging, Staging.Replace("instance: logforge-staging", "instance: logforge-production")));
        Assert.Equal("metadata.labels[\"app.kubernetes.io/instance\"]", difference.Path);
    }

    [Fact]
    public void A_subtree_on_one_side_only_is_one_difference_in_flow_style()
    {
        var withResources = Staging.Replace("image: ghcr.io/o/logforge:0.2.0", "image: ghcr.io/o/logforge:0.2.0\n          resources:\n            limits: {memory: 1Gi}");

        var difference = Assert.Single(Diff(withResources, Staging));
        Assert.Equal("Deployment/logforge  spec.template.spec.containers[name=api].resources  staging={limits: {memory: 1Gi}}  production=(absent)", difference.ToString());
    }

    [Fact]
    public void A_document_in_one_environment_only_is_reported_as_a_whole()
    {
        var withPdb = Staging + "\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: logforge\n";

        var difference = Assert.Single(Diff(Staging, withPdb));
        Assert.Equal("PodDisruptionBudget/logforge  (document)  staging=(absent)  production=present", difference.ToString());
    }

    [Fact]
    public void The_allowlist_allows_listed_paths_and_image_tags_but_not_repositories()
    {
        var allowlist = new ParityAllowlist(new ParityPolicy
        {
            AllowedDifferences =
            [
                new AllowedDifference { Reason = "replicas", Paths = ["spec.replicas"] },
                new AllowedDifference { Reason = "tag", Only = "tag", Paths = ["spec.template.spec.containers[*].image"] },
            ],
        });
        var production = Staging.Replace("replicas: 2", "replicas: 1").Replace("value: \"2\"", "value: \"3\"");

        var byPath = Diff(Staging, production).ToDictionary(d => d.Path, allowlist.Judge);
        Assert.Equal(ParityVerdict.Allow("replicas"), byPath["spec.replicas"]);
        Assert.Equal(ParityVerdict.Forbid(null), byPath["spec.template.spec.containers[name=api].env[name=B].value"]);

        var tagOnly = Assert.Single(Diff(Staging, Staging.Replace(":0.2.0", ":0.1.0")));
        Assert.Equal(ParityVerdict.Allow("tag"), allowlist.Judge(tagOnly));
        var otherRepository = Assert.Single(Diff(Staging, Staging.Replace("ghcr.io/o/", "ghcr.io/x/")));
        Assert.False(allowlist.Judge(otherRepository).Allowed);
    }

    [Theory]
    [InlineData("namespace: staging", "namespace: production", true)]
    [InlineData("namespace: staging", "namespace: prod", false)]
    [InlineData("namespace: staging", "namespace: staging-eu", false)]
    public void An_environment_identifier_may_differ_only_by_the_environment_name(string old, string replacement, bool allowed)
    {
        var allowlist = new ParityAllowlist(new ParityPolicy
        {
            EnvironmentIdentifiers = [new AllowedDifference { Reason = "namespace", Paths = ["metadata.namespace"] }],
            // A free rule on the same path does not override the identifier rule.
            AllowedDifferences = [new AllowedDifference { Reason = "anything", Paths = ["*"] }],
        });

        var difference = Assert.Single(Diff(Staging, Staging.Replace(old, replacement)));

        var verdict = allowlist.Judge(difference);
        Assert.Equal(allowed, verdict.Allowed);
        if (!allowed)
            Assert.Equal("namespace is an environment identifier: production's value must be staging's with 'staging' replaced by 'production'", verdict.Reason);
    }

    [Theory]
    [InlineData("ghcr.io/o/logforge:1.2.3", "ghcr.io/o/logforge", "1.2.3")]
    [InlineData("localhost:5000/logforge", "localhost:5000/logforge", null)]
    [InlineData("localhost:5000/logforge:v2", "localhost:5000/logforge", "v2")]
    public void Splits_image_references(string image, string repository, string? tag)
    {
        Assert.Equal(repository, ImageReference.Repository(image));
        Assert.Equal(tag, ImageReference.Tag(image));
    }
}
