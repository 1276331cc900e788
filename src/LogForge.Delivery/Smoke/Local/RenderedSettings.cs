using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Smoke.Local;

/// <summary>The LOGFORGE_* settings an environment's pods get: the data of the settings ConfigMap in its rendered manifest
/// (artifacts/rendered/&lt;env&gt;.yaml, written by HelmRender).</summary>
public static class RenderedSettings
{
    public static IReadOnlyDictionary<string, string> Read(string repoRoot, string environment)
    {
        var path = ManifestPath(repoRoot, environment);
        var shown = Path.GetRelativePath(repoRoot, path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{shown} not found — run HelmRender first", path);
        var rendered = new RenderedEnvironment(environment, ManifestDocument.ParseAll(File.ReadAllText(path)));
        var configMaps = rendered.SettingsConfigMaps;
        if (configMaps.Count != 1)
            throw new InvalidDataException($"{shown}: expected one ConfigMap with the LOGFORGE_* settings, found {configMaps.Count}");
        return configMaps[0].At("data").Entries()
            .Where(e => e.Key.StartsWith(LocalServiceSettings.Prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key, e => e.Value.ToShortText(int.MaxValue), StringComparer.Ordinal);
    }

    public static string ManifestPath(string repoRoot, string environment) =>
        Path.Combine(HelmRenderer.OutputDirectory(repoRoot), $"{environment}.yaml");

    /// <summary>`ConfigMap/logforge in artifacts/rendered/dev.yaml`, for reports.</summary>
    public static string Describe(string repoRoot, string environment) =>
        $"the ConfigMap in {Path.GetRelativePath(repoRoot, ManifestPath(repoRoot, environment))}";
}
