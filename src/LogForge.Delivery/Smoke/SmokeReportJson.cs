using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// artifacts/smoke-&lt;env&gt;.json, the evidence Promote quotes:
/// <c>{"environment","target","passed","summary","startedAt","durationSeconds","checks":[{"name","status","durationMs","detail"}]}</c>.
/// </summary>
public static class SmokeReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(SmokeReport report) => JsonSerializer.Serialize(new SmokeReportDocument(
        report.Environment,
        report.Target,
        report.Passed,
        report.Summary,
        report.StartedAt,
        Math.Round(report.Duration.TotalSeconds, 3),
        report.Checks.Select(c => new SmokeReportDocument.Check(c.Name, c.Status.ToString(), Math.Round(c.Duration.TotalMilliseconds, 1), c.Detail))
            .ToList()),
        Options) + "\n";

    public static SmokeReportDocument Parse(string json) =>
        JsonSerializer.Deserialize<SmokeReportDocument>(json, Options) ?? throw new JsonException("the smoke report is empty");
}

/// <summary>A smoke report as its JSON file holds it.</summary>
public sealed record SmokeReportDocument(
    [property: JsonPropertyName("environment")] string Environment,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("durationSeconds")] double DurationSeconds,
    [property: JsonPropertyName("checks")] IReadOnlyList<SmokeReportDocument.Check> Checks)
{
    public sealed record Check(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("durationMs")] double DurationMs,
        [property: JsonPropertyName("detail")] string Detail);
}
