using System.Reflection;

namespace LogForge.Api.Configuration;

/// <summary>The version and commit this binary was stamped with at build time.</summary>
public static class BuildInfo
{
    private static readonly Assembly Assembly = typeof(BuildInfo).Assembly;

    public static string StampedVersion { get; } =
        Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    public static string? StampedCommit { get; } = Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "Commit" && !string.IsNullOrWhiteSpace(a.Value))?.Value;

    public static string Version(LogForgeOptions options) =>
        string.IsNullOrWhiteSpace(options.Version) ? StampedVersion : options.Version;

    public static string Commit(LogForgeOptions options) =>
        !string.IsNullOrWhiteSpace(options.Commit) ? options.Commit : StampedCommit ?? "unknown";
}
