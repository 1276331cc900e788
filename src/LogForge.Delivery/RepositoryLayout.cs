namespace LogForge.Delivery;

/// <summary>
/// Where things are in a LogForge checkout: the root (the directory holding <c>.nuke/</c>, NUKE's
/// marker), <c>artifacts/</c> (everything a run produces; git-ignored) and <c>.tools/</c> (the pinned
/// tools and downloads; git-ignored, kept by Clean). The one definition of each; every other path is
/// built from these.
/// </summary>
public static class RepositoryLayout
{
    public const string RootMarker = ".nuke";

    /// <summary>The nearest directory at or above <paramref name="start"/> holding .nuke/, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (Directory.Exists(Path.Combine(directory.FullName, RootMarker))) return directory.FullName;
        return null;
    }

    public static string Artifacts(string root) => Path.Combine(root, "artifacts");

    public static string ToolsCache(string root) => Path.Combine(root, ".tools");
}
