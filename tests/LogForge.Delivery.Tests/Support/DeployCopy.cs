using LogForge.Testing;
namespace LogForge.Delivery.Tests.Support;

/// <summary>A temporary repository root holding a copy of deploy/ and .github/, to mutate freely.</summary>
public sealed class DeployCopy : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("logforge-deploy-").FullName;

    public DeployCopy()
    {
        CopyDirectory(System.IO.Path.Combine(RepositoryRoot.Path, "deploy"), System.IO.Path.Combine(Root, "deploy"));
        CopyDirectory(System.IO.Path.Combine(RepositoryRoot.Path, ".github"), System.IO.Path.Combine(Root, ".github"));
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Replaces exactly one occurrence of <paramref name="old"/>; fails the test if it is not there once.</summary>
    public void Replace(string relative, string old, string replacement)
    {
        var text = Read(relative);
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(old, at + 1, StringComparison.Ordinal) < 0,
            $"expected exactly one '{old}' in {relative}");
        File.WriteAllText(Path(relative), text[..at] + replacement + text[(at + old.Length)..]);
    }

    public void Append(string relative, string text) => File.AppendAllText(Path(relative), text);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source))
            CopyDirectory(directory, System.IO.Path.Combine(target, System.IO.Path.GetFileName(directory)));
    }
}
