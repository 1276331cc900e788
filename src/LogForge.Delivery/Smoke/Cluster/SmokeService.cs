using LogForge.Delivery.Environments;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// Where an environment's LogForge API answers in the cluster: the Service the chart names after
/// <c>fullnameOverride</c>, on <c>service.port</c> (each read from the environment's values file, else the chart's
/// values.yaml, as helm merges a scalar), in the namespace deploy/env/policy.yaml gives the environment.
/// Read from the files, not from a render: Smoke of a cluster env needs no helm.
/// </summary>
public sealed record SmokeService(string Namespace, string Name, int Port)
{
    /// <summary>`svc/logforge:8080 in dev`, for reports.</summary>
    public string Description => $"svc/{Name}:{Port} in {Namespace}";

    public static SmokeService For(string repoRoot, EnvironmentPolicy policy, string environment)
    {
        if (!policy.Environments.TryGetValue(environment, out var rule))
            throw new ArgumentException($"'{environment}' is not an environment of {EnvironmentPolicy.RelativePath}", nameof(environment));
        var files = new[] { policy.ValuesFileFor(environment), $"{policy.Chart}/values.yaml" };
        var documents = files.Select(file => (File: file, Root: Load(repoRoot, file))).ToList();

        var name = Scalar(documents, "fullnameOverride");
        if (string.IsNullOrEmpty(name.Value))
            throw new InvalidDataException($"{files[0]} sets no fullnameOverride — Smoke finds the Service by that name; " +
                "set it (the chart's other naming is not reproduced here)");
        var port = Scalar(documents, "service", "port");
        if (!int.TryParse(port.Value, out var number) || number is < 1 or > 65535)
            throw new InvalidDataException($"{port.File ?? files[1]}: service.port '{port.Value}' is not a port number");
        return new SmokeService(rule.Namespace, name.Value, number);
    }

    /// <summary>The first file that sets the key wins (even to ""), as in helm's merge of values.</summary>
    private static (string? File, string? Value) Scalar(IEnumerable<(string File, YamlNode? Root)> documents, params string[] path)
    {
        foreach (var (file, root) in documents)
            if (root?.At(path) is YamlScalarNode scalar)
                return (file, scalar.Value ?? "");
        return (null, null);
    }

    private static YamlNode? Load(string repoRoot, string file)
    {
        var path = Path.Combine(repoRoot, file);
        if (!File.Exists(path))
            throw new InvalidDataException($"{file} not found");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }
}
