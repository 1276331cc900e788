namespace LogForge.Delivery.Tools;

/// <summary>
/// Remembers which executable (path, size, modification time) reported which version, in a small
/// tab-separated file under .tools/, so `helm version` runs once per binary and not on every build.
/// </summary>
public sealed class VerifiedVersions(string stampFile)
{
    public bool IsVerified(string executable, string version) =>
        File.Exists(stampFile) && File.ReadLines(stampFile).Contains(Line(executable, version));

    public void Record(string executable, string version)
    {
        var lines = File.Exists(stampFile)
            ? File.ReadLines(stampFile).Where(l => !l.StartsWith(executable + "\t", StringComparison.Ordinal)).ToList()
            : [];
        lines.Add(Line(executable, version));
        Directory.CreateDirectory(Path.GetDirectoryName(stampFile)!);
        var temporary = $"{stampFile}.{Guid.NewGuid():N}.tmp";
        File.WriteAllLines(temporary, lines);
        File.Move(temporary, stampFile, overwrite: true);
    }

    private static string Line(string executable, string version)
    {
        var file = new FileInfo(executable);
        return file.Exists
            ? $"{file.FullName}\t{file.Length}\t{file.LastWriteTimeUtc.Ticks}\t{version}"
            : $"{file.FullName}\t(missing)";
    }
}
