namespace LogForge.Delivery.Smoke;

/// <summary>The events a smoke run posts: each carries the run's marker, so they can be found where they were stored.</summary>
public sealed class SmokeEvents
{
    public const string Service = "logforge-smoke";

    public SmokeEvents(string? marker = null) => Marker = marker ?? "smoke-" + Guid.NewGuid().ToString("N")[..12];

    public string Marker { get; }

    /// <summary>One event as application/json.</summary>
    public string Single => Event(1, 1);

    /// <summary>An NDJSON batch of <paramref name="count"/> events.</summary>
    public string Batch(int count) => string.Concat(Enumerable.Range(1, count).Select(i => Event(i, count) + "\n"));

    private string Event(int number, int of) =>
        $$"""{"message":"LogForge smoke check {{Marker}} {{number}}/{{of}}","level":"info","service":"{{Service}}"}""";
}
