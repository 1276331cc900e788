using LogForge.Testing;
using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Tests.Environments;

public sealed class EnvironmentPolicyLoaderTests
{
    [Fact]
    public void Loads_the_repository_policy()
    {
        var policy = EnvironmentPolicyLoader.Load(RepositoryRoot.Path);

        Assert.Equal(["dev", "staging", "production"], policy.EnvironmentNames);
        Assert.Equal((1, "file", false, true), (policy.Environments["dev"].PipelineVersion, policy.Environments["dev"].StorageBackend,
            policy.Environments["dev"].Kafka, policy.Environments["dev"].AutomatedSync));
        Assert.False(policy.Environments["production"].AutomatedSync);
        Assert.Equal("logforge-production-runtime", policy.RuntimeSecretFor("production"));
        Assert.Equal("deploy/env/staging/values.yaml", policy.ValuesFileFor("staging"));
        Assert.Equal("logforge-dev", policy.ApplicationNameFor("dev"));
        Assert.Equal(["staging", "production"], policy.Parity.Compare);
    }

    private static string PolicyText => File.ReadAllText(Path.Combine(RepositoryRoot.Path, EnvironmentPolicy.RelativePath));

    [Theory]
    [InlineData("pullSecret: ghcr-pull", "pullSecret: ghcr-pull\npullSecrets: other", "deploy/env/policy.yaml: the document has unknown key 'pullSecrets'")]
    [InlineData("    namespace: dev\n", "    namespace: dev\n    replicas: 1\n", "deploy/env/policy.yaml: environments.dev has unknown key 'replicas'")]
    [InlineData("  project: default", "  projekt: default", "deploy/env/policy.yaml: argocd.project is required")]
    [InlineData("    kafka: false", "    kafka: no", "deploy/env/policy.yaml: environments.dev.kafka must be true or false")]
    [InlineData("    pipelineVersion: 1", "    pipelineVersion: one", "deploy/env/policy.yaml: environments.dev.pipelineVersion must be an integer")]
    [InlineData("      only: tag", "      only: tag\n      because: promotions",
        "deploy/env/policy.yaml: parity.allowedDifferences[1] has unknown key 'because'")]
    public void A_typo_or_a_wrong_value_in_the_policy_is_an_error(string old, string replacement, string message)
    {
        Assert.Contains(old, PolicyText);
        var yaml = PolicyText.Replace(old, replacement);

        var error = Assert.Throws<InvalidDataException>(() => EnvironmentPolicyLoader.Parse(yaml));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Invalid_yaml_is_an_error_naming_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => EnvironmentPolicyLoader.Parse("chart: [unclosed"));

        Assert.StartsWith("deploy/env/policy.yaml: ", error.Message);
    }

    [Fact]
    public void Parity_must_compare_known_environments()
    {
        var yaml = PolicyText.Replace("compare: [staging, production]", "compare: [staging, prod]");

        var error = Assert.Throws<InvalidDataException>(() => EnvironmentPolicyLoader.Parse(yaml));

        Assert.Equal("deploy/env/policy.yaml: parity.compare names 'prod', which is not in environments", error.Message);
    }
}
