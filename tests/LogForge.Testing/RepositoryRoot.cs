using LogForge.Delivery;

namespace LogForge.Testing;

/// <summary>The checkout this test run was built from.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = RepositoryLayout.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"no {RepositoryLayout.RootMarker} directory above {AppContext.BaseDirectory}");
}
