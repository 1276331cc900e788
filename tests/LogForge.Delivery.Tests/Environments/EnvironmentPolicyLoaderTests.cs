using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Environments;

public sealed class EnvironmentPolicyLoaderTests
{
    [Fact]
    public void Loads_the_repository_policy()
    {
        var policy = EnvironmentPolicyLoader.Load(RepoRoot.Path);

        Assert.Equal(["dev", "staging", "production"], policy.EnvironmentNames);
        Assert.Equal((1, "file", false, true), (policy.Environments["dev"].PipelineVersion, policy.Environments["dev"].StorageBackend, policy.Environments["dev"].Kafka, policy.Environments["dev"].AutomatedSync));
        Assert.False(policy.Environments["production"].AutomatedSync);
        Assert.Equal("logforge-production-runtime", policy.RuntimeSecretFor("production"));
        Assert.Equal("deploy/env/staging/values.yaml", policy.ValuesFileFor("staging"));
        Assert.Equal("logforge-dev", policy.ApplicationNameFor("dev"));
        Assert.Equal(["staging", "production"], policy.Parity.Compare);
    }

    [Fact]
    public void An_unknown_key_in_the_policy_is_an_error()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoRoot.Path, EnvironmentPolicy.RelativePath)).Replace("pullSecret:", "pullSecrets:");

        var error = Assert.Throws<InvalidDataException>(() => EnvironmentPolicyLoader.Parse(yaml));

        Assert.Contains("pullSecrets", error.Message);
    }

    [Fact]
    public void Parity_must_compare_known_environments()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoRoot.Path, EnvironmentPolicy.RelativePath)).Replace("compare: [staging, production]", "compare: [staging, prod]");

        var error = Assert.Throws<InvalidDataException>(() => EnvironmentPolicyLoader.Parse(yaml));

        Assert.Equal("deploy/env/policy.yaml: parity.compare names 'prod', which is not in environments", error.Message);
    }
}
