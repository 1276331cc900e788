using System.Text.Json;
using LogForge.Delivery.Process;

namespace LogForge.Delivery.Tools;

/// <summary>
/// Provides s3rver (for the service's tests) at .tools/node_modules/.bin/s3rver:
/// `npm install --prefix .tools s3rver@&lt;S3RVER_VERSION&gt;` unless that version is already there.
/// </summary>
public sealed class S3rverResolver(string repoRoot, VersionPins pins, ProcessRunner? runner = null)
{
    private readonly ProcessRunner _runner = runner ?? new ProcessRunner();

    public S3rverResolver(string repoRoot) : this(repoRoot, VersionPins.Load(repoRoot)) { }

    public async Task<S3rverTool> ResolveAsync(CancellationToken ct = default)
    {
        var executable = ToolPaths.S3rverExecutable(repoRoot);
        if (File.Exists(executable) && InstalledVersion() == pins.S3rver)
            return new S3rverTool(executable, pins.S3rver, ToolSource.Cached);

        var tools = ToolPaths.ToolsDirectory(repoRoot);
        Directory.CreateDirectory(tools);
        var install = new ProcessRequest("npm", ["install", "--prefix", tools, "--no-audit", "--no-fund", "--loglevel=error", $"s3rver@{pins.S3rver}"]);
        (await _runner.RunAsync(install, ct)).EnsureSucceeded();

        var installed = InstalledVersion();
        if (!File.Exists(executable) || installed != pins.S3rver)
            throw new InvalidOperationException(
                $"after npm install, {executable} is {(File.Exists(executable) ? $"version {installed}" : "missing")}; " +
                $"{VersionPins.RelativePath} pins S3RVER_VERSION={pins.S3rver}");
        return new S3rverTool(executable, pins.S3rver, ToolSource.Installed);
    }

    private string? InstalledVersion()
    {
        var packageJson = ToolPaths.S3rverPackageJson(repoRoot);
        if (!File.Exists(packageJson))
            return null;
        using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
    }
}
