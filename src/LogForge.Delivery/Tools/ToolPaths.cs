namespace LogForge.Delivery.Tools;

/// <summary>The git-ignored tools cache under the repository root.</summary>
public static class ToolPaths
{
    public static string ToolsDirectory(string repoRoot) => RepositoryLayout.ToolsCache(repoRoot);

    public static string HelmDirectory(string repoRoot, string version) =>
        Path.Combine(ToolsDirectory(repoRoot), "helm", version);

    public static string HelmHome(string repoRoot) => Path.Combine(ToolsDirectory(repoRoot), "helm-home");

    /// <summary>Which executables already answered with which version (see <see cref="VerifiedVersions"/>).</summary>
    public static string VerifiedVersionsFile(string repoRoot) => Path.Combine(ToolsDirectory(repoRoot), "verified-versions.tsv");

    public static string S3rverExecutable(string repoRoot) =>
        Path.Combine(ToolsDirectory(repoRoot), "node_modules", ".bin", "s3rver");

    public static string S3rverPackageJson(string repoRoot) =>
        Path.Combine(ToolsDirectory(repoRoot), "node_modules", "s3rver", "package.json");

    /// <summary>The first file named <paramref name="name"/> in the directories of <paramref name="searchPath"/> (default: $PATH), or null.</summary>
    public static string? FindOnPath(string name, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
