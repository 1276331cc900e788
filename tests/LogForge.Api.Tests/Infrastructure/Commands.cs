using System.Diagnostics;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>Runs a system command (mount, prlimit, …) to its end.</summary>
public static class Commands
{
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, $"{program}: {ex.Message}");
        }
    }

    /// <summary>Whether <paramref name="program"/> is on PATH.</summary>
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
