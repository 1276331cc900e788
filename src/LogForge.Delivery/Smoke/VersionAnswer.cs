using System.Text.Json;

namespace LogForge.Delivery.Smoke;

/// <summary>GET /version's document (<c>{"version","commit","pipelineVersion","storageBackend","kafka","environment"}</c>,
/// docs/configuration.md): what the pod says it is and how it runs.</summary>
public sealed record VersionAnswer(string Version, int PipelineVersion, string StorageBackend, bool Kafka, string Environment)
{
    /// <summary>"pipeline 2, minio, Kafka on": the runtime topology staging and production must share.</summary>
    public string Topology => $"pipeline {PipelineVersion}, {StorageBackend}, Kafka {(Kafka ? "on" : "off")}";

    /// <summary>The document of a 200 answer; null for another status or a body that is not a /version document.</summary>
    public static VersionAnswer? From(HttpAnswer answer)
    {
        if (answer.Status != 200) return null;
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            return new VersionAnswer(
                root.GetProperty("version").GetString() ?? "",
                root.GetProperty("pipelineVersion").GetInt32(),
                root.GetProperty("storageBackend").GetString() ?? "",
                root.GetProperty("kafka").GetBoolean(),
                root.GetProperty("environment").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
