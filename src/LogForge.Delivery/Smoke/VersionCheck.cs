using System.Text.Json;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// Compares a GET /version answer (<c>{"version","commit","pipelineVersion","storageBackend","kafka","environment"}</c>,
/// docs/configuration.md) with what the environment must run: one problem per field that differs.
/// </summary>
public static class VersionCheck
{
    /// <summary>The differences, empty when the answer is what was expected; null when the answer is not a /version document.</summary>
    public static IReadOnlyList<string>? Problems(HttpAnswer answer, SmokeExpectation expected)
    {
        if (answer.Status != 200) return null;
        VersionDocument document;
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            document = new VersionDocument(
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

        var policy = $"deploy/env/policy.yaml {expected.PolicyEnvironment}";
        var problems = new List<string>();
        if (!ReleaseVersion.TryParse(document.Version, out var actual, out _) || actual != expected.Version)
            problems.Add($"version: expected {expected.Version.ServiceVersion} ({expected.VersionSource}), got {document.Version}");
        if (document.PipelineVersion != expected.PipelineVersion)
            problems.Add($"pipelineVersion: expected {expected.PipelineVersion} ({policy}), got {document.PipelineVersion}");
        if (document.StorageBackend != expected.StorageBackend)
            problems.Add($"storageBackend: expected {expected.StorageBackend} ({policy}), got {document.StorageBackend}");
        if (document.Kafka != expected.Kafka)
            problems.Add($"kafka: expected {Lower(expected.Kafka)} ({policy}), got {Lower(document.Kafka)}");
        if (document.Environment != expected.Environment)
            problems.Add($"environment: expected {expected.Environment}, got {document.Environment}");
        return problems;
    }

    /// <summary>The passing row's detail: what was confirmed and against what.</summary>
    public static string Confirmed(SmokeExpectation expected) =>
        $"{expected.Version.ServiceVersion} ({expected.VersionSource}); pipeline {expected.PipelineVersion}, {expected.StorageBackend}, " +
        $"Kafka {(expected.Kafka ? "on" : "off")} (deploy/env/policy.yaml {expected.PolicyEnvironment}); environment {expected.Environment}";

    private static string Lower(bool value) => value ? "true" : "false";

    private sealed record VersionDocument(string Version, int PipelineVersion, string StorageBackend, bool Kafka, string Environment);
}
