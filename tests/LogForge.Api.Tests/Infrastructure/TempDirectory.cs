namespace LogForge.Api.Tests.Infrastructure;

/// <summary>A fresh directory under /tmp, removed at dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "logforge-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; /tmp is cleaned eventually.
        }
    }
}
