namespace LogForge.Delivery.Process;

/// <summary>The dotnet executable to start children with: the one running this process when that is dotnet
/// (build.sh may have installed the SDK into .nuke/temp, off PATH), else dotnet from PATH.</summary>
public static class Dotnet
{
    public static string Executable { get; } =
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
