using System.Text.Json;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>Reads back what the file pipeline wrote.</summary>
public static class DataFiles
{
    public static List<string> Lines(string dataDir) => Directory.Exists(dataDir)
        ? Directory.GetFiles(dataDir, "logforge-*.ndjson").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Where(line => line.Length > 0).ToList()
        : [];

    public static List<JsonElement> Events(string dataDir) =>
        Lines(dataDir).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
}
