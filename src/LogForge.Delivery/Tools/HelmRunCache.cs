using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LogForge.Delivery.Tools;

/// <summary>
/// Remembers successful helm runs by the content of everything they read: the helm version, the
/// arguments and every file of the inputs (chart directory, values files). An unchanged input set
/// answers from the cache instead of starting helm (~0.1 s of start-up per process here); any
/// change of a byte, an argument or the helm version runs helm again. Failures are never cached.
/// <see cref="Prune"/> keeps only the entries this instance used, so the cache never outgrows one run.
/// </summary>
public sealed class HelmRunCache(string directory)
{
    private readonly HashSet<string> _used = [];

    public async Task<HelmRun> RunAsync(HelmCli helm, IReadOnlyList<string> arguments, IReadOnlyList<string> inputs, string workingDirectory,
        CancellationToken ct)
    {
        var path = Path.Combine(directory, Key(helm.Tool.Version, arguments, inputs, workingDirectory) + ".json");
        lock (_used) _used.Add(path);
        if (TryRead(path) is { } cached)
            return cached with { FromCache = true, Duration = TimeSpan.Zero };

        var run = await helm.RunAsync(arguments, workingDirectory, ct);
        if (run.Succeeded)
            Write(path, run);
        return run;
    }

    /// <summary>Deletes every entry this instance did not read or write (older charts, values, helm versions).</summary>
    public void Prune()
    {
        if (!Directory.Exists(directory)) return;
        lock (_used)
            foreach (var entry in Directory.GetFiles(directory, "*.json").Where(e => !_used.Contains(e)))
                File.Delete(entry);
    }

    internal static string Key(string helmVersion, IReadOnlyList<string> arguments, IReadOnlyList<string> inputs, string workingDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));

        Add(helmVersion);
        foreach (var argument in arguments) Add(argument);
        foreach (var input in inputs)
        {
            var full = Path.GetFullPath(input, workingDirectory);
            var files = Directory.Exists(full)
                ? Directory.GetFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
                : [full];
            foreach (var file in files)
            {
                Add(Path.GetRelativePath(workingDirectory, file));
                hash.AppendData(File.Exists(file) ? File.ReadAllBytes(file) : "\0missing\0"u8.ToArray());
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static HelmRun? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<HelmRun>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null; // a damaged entry is a miss; the next successful run rewrites it
        }
    }

    private static void Write(string path, HelmRun run)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(run));
        File.Move(temporary, path, overwrite: true);
    }
}
