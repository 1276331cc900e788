namespace LogForge.Build.Tests;

internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LogForge.sln"))) return directory.FullName;
        throw new InvalidOperationException("LogForge.sln not found above " + AppContext.BaseDirectory);
    }
}
