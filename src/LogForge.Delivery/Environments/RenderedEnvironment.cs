using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>One environment's rendered manifests, with the views the conformance checks need.</summary>
public sealed class RenderedEnvironment(string name, IReadOnlyList<ManifestDocument> documents)
{
    public const string ArchiverRoleArgument = "archiver";

    public string Name => name;
    public IReadOnlyList<ManifestDocument> Documents => documents;

    public IEnumerable<ManifestDocument> OfKind(string kind) => documents.Where(d => d.Kind == kind);

    public IEnumerable<ManifestDocument> Deployments => OfKind("Deployment");

    /// <summary>Deployments whose containers run `--role archiver`.</summary>
    public IEnumerable<ManifestDocument> ArchiverDeployments => Deployments.Where(IsArchiver);

    /// <summary>Deployments serving HTTP: every Deployment that is not an archiver.</summary>
    public IEnumerable<ManifestDocument> ApiDeployments => Deployments.Where(d => !IsArchiver(d));

    /// <summary>The ConfigMap carrying the LOGFORGE_* settings (the one with LOGFORGE_PIPELINE_VERSION).</summary>
    public IReadOnlyList<ManifestDocument> SettingsConfigMaps =>
        OfKind("ConfigMap").Where(c => c.At("data", "LOGFORGE_PIPELINE_VERSION") is not null).ToList();

    public static IEnumerable<YamlNode> Containers(ManifestDocument workload) =>
        workload.At("spec", "template", "spec", "containers").Items();

    private static bool IsArchiver(ManifestDocument deployment) =>
        Containers(deployment).Any(c =>
        {
            var args = c.At("args").Items().Select(a => a.ToShortText()).ToList();
            var role = args.IndexOf("--role");
            return role >= 0 && role + 1 < args.Count && args[role + 1] == ArchiverRoleArgument;
        });
}
