namespace LogForge.Delivery.Tests.Support;

/// <summary>The repository this test run was built from.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "deploy", "env", "policy.yaml")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no deploy/env/policy.yaml above {AppContext.BaseDirectory}");
    }
}
