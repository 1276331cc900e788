using System.Security.Cryptography;
using Serilog;

namespace LogForge.Delivery.Cluster.Lab;

/// <summary>
/// Downloads each upstream file once into .tools/lab/ and hands out only bytes whose sha256 is the
/// pinned one — a fresh download and a cached copy alike (a tampered cache is refused, not repaired).
/// Offline, a cached copy is all it needs.
/// </summary>
public sealed class UpstreamCache(string directory, HttpClient http, ILogger? log = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<UpstreamCache>();

    public static string DirectoryUnder(string repoRoot) => Path.Combine(RepositoryLayout.ToolsCache(repoRoot), "lab");

    /// <summary>The path of the verified file.</summary>
    public async Task<string> GetAsync(UpstreamFile file, CancellationToken ct)
    {
        var path = Path.Combine(directory, file.Name);
        if (File.Exists(path))
        {
            var cached = await Sha256Async(path, ct);
            if (!Same(cached, file.Sha256))
                throw new InvalidOperationException(
                    $"{path} has sha256 {cached}, but {Tools.VersionPins.RelativePath} pins {file.DigestPin}={file.Sha256} — " +
                    "refusing it; delete the file to download it again, or correct the pin after checking upstream.");
            _log.Debug("{File}: cached, sha256 verified", file.Name);
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            _log.Information("Downloading {Url}", file.Url);
            await DownloadAsync(file, partial, path, ct);
            var downloaded = await Sha256Async(partial, ct);
            if (!Same(downloaded, file.Sha256))
                throw new InvalidOperationException(
                    $"{file.Url} has sha256 {downloaded}, but {Tools.VersionPins.RelativePath} pins {file.DigestPin}={file.Sha256} — " +
                    "refusing it (nothing was kept); if upstream really changed the file, check it and update the pin.");
            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private async Task DownloadAsync(UpstreamFile file, string partial, string path, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            await using var target = File.Create(partial);
            await response.Content.CopyToAsync(target, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"cannot download {file.Url} ({e.Message}) and there is no cached copy at {path} — " +
                $"connect to the network, or put the file there (its sha256 must be {file.Sha256}).", e);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static bool Same(string a, string b) => a.Equals(b.Trim(), StringComparison.OrdinalIgnoreCase);
}
