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
    /// The expectation for <paramref name="environment"/> (as given: a local run reports <c>local</c>, see docs/smoke.md), held to
    /// <paramref name="target"/>: the version from <paramref name="expectedVersion"/> when given, else the image tag in the target's
    /// values file; pipeline, storage and Kafka from deploy/env/policy.yaml.
    /// </summary>
    public static SmokeExpectation For(string environment, TargetEnvironment target, ReleaseVersion? expectedVersion)
    {
        var (version, source) = expectedVersion is not null
            ? (expectedVersion, "requested")
            : (ValuesVersion(target), $"{target.ValuesFile} image.tag");
        var rule = target.Rule;
        return new SmokeExpectation(environment, version, source, target.Name, rule.PipelineVersion, rule.StorageBackend, rule.Kafka);
    }

    private static ReleaseVersion ValuesVersion(TargetEnvironment target)
    {
        string tag;
        try
        {
            tag = ImageTagEdit.Locate(target.ValuesText, target.ValuesFile).Tag;
        }
        catch (ImageTagEditException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return ReleaseVersion.TryParse(tag, out var parsed, out var problem)
            ? parsed!
            : throw new InvalidDataException($"{target.ValuesFile}: image.tag {problem}");
    }
}
