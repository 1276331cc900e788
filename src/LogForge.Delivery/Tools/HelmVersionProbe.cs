using LogForge.Delivery.Process;

namespace LogForge.Delivery.Tools;

/// <summary>Asks a helm executable for its version (`helm version --template {{.Version}}`).</summary>
public static class HelmVersionProbe
{
    /// <summary>The version helm reports (e.g. v4.1.4), or null when it cannot be run.</summary>
    public static async Task<string?> TryGetVersionAsync(string executable, CancellationToken ct)
    {
        try
        {
            var result = await new ProcessRunner().RunAsync(new ProcessRequest(executable, ["version", "--template", "{{.Version}}"]), ct);
            return result.Succeeded ? result.StandardOutput.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            return null; // not executable
        }
    }

    public static bool SameVersion(string? actual, string pinned) =>
        actual is not null && Normalize(actual) == Normalize(pinned);

    private static string Normalize(string version) => version.Trim().TrimStart('v');
}
