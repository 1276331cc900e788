namespace LogForge.Delivery.Smoke;

/// <summary>The rows of a smoke table, in the order they run (docs/smoke.md).</summary>
public static class SmokeCheckNames
{
    public const string Health = "GET /health";
    public const string Ready = "GET /ready";
    public const string Version = "GET /version";
    public const string PostOne = "POST /logs, 1 event";
    public const string PostBatch = "POST /logs, NDJSON batch of 10";
    public const string PostWithoutKey = "POST /logs without a key";
    public const string PostWrongKey = "POST /logs with a wrong key";
    public const string Metrics = "GET /metrics";
    public const string StoredEvents = "Events in the data directory";
}
