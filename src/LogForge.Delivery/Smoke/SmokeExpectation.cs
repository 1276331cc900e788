using LogForge.Delivery.Environments;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Smoke;

/// <summary>What GET /version must answer in one environment, and where each expected value comes from.</summary>
/// <param name="Environment">The environment smoke-tested (local, dev, …): what /version's <c>environment</c> must say.</param>
/// <param name="Version">The release the service must run.</param>
/// <param name="VersionSource">Where <paramref name="Version"/> comes from, for the report.</param>
/// <param name="PolicyEnvironment">The policy environment the settings come from (dev for local).</param>
public sealed record SmokeExpectation(
    string Environment,
    ReleaseVersion Version,
    string VersionSource,
    string PolicyEnvironment,
    int PipelineVersion,
    string StorageBackend,
    bool Kafka)
{
    /// <summary>
    /// The expectation for <paramref name="environment"/>: the version from <paramref name="expectedVersion"/>
    /// when given, else the image tag in the policy environment's values file; pipeline, storage and Kafka from
    /// deploy/env/policy.yaml; the environment name as given (a local run reports <c>local</c>, see docs/smoke.md).
    /// </summary>
    public static SmokeExpectation For(string repoRoot, EnvironmentPolicy policy, string environment, ReleaseVersion? expectedVersion)
    {
        var policyEnvironment = SmokeEnvironments.PolicyEnvironment(environment);
        if (!policy.Environments.TryGetValue(policyEnvironment, out var rule))
            throw new ArgumentException($"'{environment}' is not one of {string.Join(", ", SmokeEnvironments.Names(policy))}", nameof(environment));

        ReleaseVersion version;
        string source;
        if (expectedVersion is not null)
        {
            (version, source) = (expectedVersion, "requested");
        }
        else
        {
            var valuesFile = policy.ValuesFileFor(policyEnvironment);
            string tag;
            try
            {
                tag = ImageTagEdit.ReadTag(Path.Combine(repoRoot, valuesFile), valuesFile);
            }
            catch (ImageTagEditException e)
            {
                throw new InvalidDataException(e.Message, e);
            }
            if (!ReleaseVersion.TryParse(tag, out var parsed, out var problem))
                throw new InvalidDataException($"{valuesFile}: image.tag {problem}");
            version = parsed!;
            source = $"{valuesFile} image.tag";
        }
        return new SmokeExpectation(environment, version, source, policyEnvironment, rule.PipelineVersion, rule.StorageBackend, rule.Kafka);
    }
}
