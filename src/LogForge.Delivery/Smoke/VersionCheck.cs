using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// Compares a GET /version answer (<see cref="VersionAnswer"/>) with what the environment must run: one problem per field that differs.
/// </summary>
public static class VersionCheck
{
    /// <summary>The differences, empty when the answer is what was expected; null when the answer is not a /version document.</summary>
    public static IReadOnlyList<string>? Problems(HttpAnswer answer, SmokeExpectation expected)
    {
        if (VersionAnswer.From(answer) is not { } document) return null;

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
}
