using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LogForge.Delivery.Environments;

/// <summary>Reads deploy/env/policy.yaml strictly: an unknown key or a missing setting is an error.</summary>
public static class EnvironmentPolicyLoader
{
    public static EnvironmentPolicy Load(string repoRoot)
    {
        var path = Path.Combine(repoRoot, EnvironmentPolicy.RelativePath);
        if (!File.Exists(path))
            throw new InvalidDataException($"{EnvironmentPolicy.RelativePath} not found under {repoRoot}");
        return Parse(File.ReadAllText(path));
    }

    public static EnvironmentPolicy Parse(string yaml)
    {
        EnvironmentPolicy policy;
        try
        {
            policy = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<EnvironmentPolicy>(yaml) ?? new EnvironmentPolicy();
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{EnvironmentPolicy.RelativePath}: {e.Message} {e.InnerException?.Message}".Trim(), e);
        }
        Validate(policy);
        return policy;
    }

    private static void Validate(EnvironmentPolicy policy)
    {
        var problems = new List<string>();
        void Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
                problems.Add($"{name} is required");
        }

        Require(policy.Chart, "chart");
        Require(policy.ReleaseName, "releaseName");
        Require(policy.ValuesFile, "valuesFile");
        Require(policy.Image.Repository, "image.repository");
        Require(policy.PullSecret, "pullSecret");
        Require(policy.RuntimeSecret, "runtimeSecret");
        Require(policy.Probes.Liveness, "probes.liveness");
        Require(policy.Probes.Readiness, "probes.readiness");
        Require(policy.Argocd.Namespace, "argocd.namespace");
        Require(policy.Argocd.Project, "argocd.project");
        Require(policy.Argocd.ApplicationFile, "argocd.applicationFile");
        Require(policy.Argocd.Finalizer, "argocd.finalizer");
        if (policy.Environments.Count == 0)
            problems.Add("environments: at least one is required");

        foreach (var (name, rule) in policy.Environments)
        {
            Require(rule.Namespace, $"environments.{name}.namespace");
            if (rule.PipelineVersion is not (1 or 2))
                problems.Add($"environments.{name}.pipelineVersion must be 1 or 2");
            if (rule.StorageBackend is not ("file" or "minio"))
                problems.Add($"environments.{name}.storageBackend must be file or minio");
            if (rule.Sync is not (SyncModes.Automated or SyncModes.Manual))
                problems.Add($"environments.{name}.sync must be {SyncModes.Automated} or {SyncModes.Manual}");
        }

        if (policy.Parity.Compare.Count != 2)
            problems.Add("parity.compare must name two environments");
        foreach (var env in policy.Parity.Compare.Where(e => !policy.Environments.ContainsKey(e)))
            problems.Add($"parity.compare names '{env}', which is not in environments");
        foreach (var allowed in policy.Parity.AllowedDifferences)
        {
            if (allowed.Paths.Count == 0)
                problems.Add($"parity.allowedDifferences '{allowed.Reason}' has no paths");
            if (allowed.Only is not (null or "tag"))
                problems.Add($"parity.allowedDifferences '{allowed.Reason}': only must be 'tag' when set");
        }

        if (problems.Count > 0)
            throw new InvalidDataException(string.Join("\n", problems.Select(p => $"{EnvironmentPolicy.RelativePath}: {p}")));
    }
}
