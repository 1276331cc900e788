using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using LogForge.Delivery.Waiting;
using Serilog;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// The smoke checks over HTTP against LogForge at one base address (a local process or a port-forward):
/// 1 GET /health → 200; 2 GET /ready → 200, retried until the timeout; 3 GET /version → the expected
/// version and the policy's settings; 4 POST /logs with the key → 202 {"accepted":1}, and an NDJSON batch
/// of 10 → 202 {"accepted":10}; 5 without a key and with a wrong key → 401; 6 GET /metrics → 200 in the Prometheus text
/// format, counting at least the events accepted in 4; 7 (pipeline v1 on this machine) the accepted events are in the
/// data directory. A failing row says what was expected and
/// what came back (status and the first 200 bytes of the body). Every check runs even after one failed.
/// </summary>
public sealed class SmokeChecks : IDisposable
{
    private const int BatchSize = 10;

    private readonly SmokeClient _client;
    private readonly SmokeExpectation _expected;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    /// <summary><paramref name="time"/>: the clock of the /ready retries (default: the system's).</summary>
    public SmokeChecks(Uri baseAddress, SmokeExpectation expected, ILogger? log = null, TimeProvider? time = null)
        : this(baseAddress, expected, log, handler: null, time) { }

    internal SmokeChecks(Uri baseAddress, SmokeExpectation expected, ILogger? log, HttpMessageHandler? handler, TimeProvider? time = null)
    {
        _client = new SmokeClient(baseAddress, handler);
        _expected = expected;
        _log = log ?? Log.ForContext<SmokeChecks>();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Checks 1–3, which change nothing in the environment: what ValidationGate and Promote run.</summary>
    public async Task<IReadOnlyList<SmokeCheckResult>> ReadOnlyAsync(TimeSpan readyTimeout, CancellationToken ct) =>
        [await HealthAsync(ct), await ReadyAsync(readyTimeout, ct), await VersionAsync(ct)];

    /// <summary>Checks 1–6 (posting 11 events with <paramref name="apiKey"/>), and 7 when <paramref name="dataDirectory"/> is
    /// the service's v1 data directory on this machine.</summary>
    public async Task<IReadOnlyList<SmokeCheckResult>> AllAsync(string apiKey, TimeSpan readyTimeout, string? dataDirectory, CancellationToken ct)
    {
        var events = new SmokeEvents();
        var results = new List<SmokeCheckResult>(await ReadOnlyAsync(readyTimeout, ct))
        {
            await PostAsync(SmokeCheckNames.PostOne, events.Single, "application/json", apiKey, expectedAccepted: 1, ct),
            await PostAsync(SmokeCheckNames.PostBatch, events.Batch(BatchSize), "application/x-ndjson", apiKey, expectedAccepted: BatchSize, ct),
            await PostAsync(SmokeCheckNames.PostWithoutKey, events.Single, "application/json", apiKey: null, expectedAccepted: null, ct),
            await PostAsync(SmokeCheckNames.PostWrongKey, events.Single, "application/json", WrongKey(apiKey), expectedAccepted: null, ct),
        };
        var accepted = (Passed(results, SmokeCheckNames.PostOne) ? 1 : 0) + (Passed(results, SmokeCheckNames.PostBatch) ? BatchSize : 0);
        results.Add(await MetricsAsync(accepted, ct));
        if (dataDirectory is not null)
            results.Add(StoredEvents(dataDirectory, events.Marker, 1 + BatchSize));
        return results;
    }

    private async Task<SmokeCheckResult> HealthAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var answer = await _client.GetAsync("/health", ct);
        return answer.Status == 200
            ? SmokeCheckResult.Pass(SmokeCheckNames.Health, clock.Elapsed, answer.Describe(HttpAnswer.BriefBytes))
            : SmokeCheckResult.Fail(SmokeCheckNames.Health, clock.Elapsed, $"expected 200 — got {answer.Describe()}");
    }

    /// <summary>A pod that has just started is not ready yet: asks again every half second until the timeout,
    /// with a progress line at once and then every five seconds.</summary>
    private async Task<SmokeCheckResult> ReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var poll = await new PollWithProgress(_log, _time).UntilAsync(async token =>
        {
            var answer = await _client.GetAsync("/ready", token);
            return new PollAnswer<HttpAnswer>(answer, answer.Status == 200, $"GET /ready: {answer.Describe()}");
        }, PollSchedule.UntilReady(timeout), ct);

        var last = poll.Last.Value;
        if (!poll.Done)
            return SmokeCheckResult.Fail(SmokeCheckNames.Ready, poll.Elapsed,
                $"expected 200 within {PollWithProgress.Seconds(timeout)} — got {last.Describe()} (last of {poll.Attempts} attempts)");
        var after = poll.Attempts == 1 ? "" : $" (ready after {poll.Elapsed.TotalSeconds:0.0} s, {poll.Attempts} attempts)";
        return SmokeCheckResult.Pass(SmokeCheckNames.Ready, poll.Elapsed, last.Describe(HttpAnswer.BriefBytes) + after);
    }

    private async Task<SmokeCheckResult> VersionAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var answer = await _client.GetAsync("/version", ct);
        return VersionCheck.Problems(answer, _expected) switch
        {
            null => SmokeCheckResult.Fail(SmokeCheckNames.Version, clock.Elapsed,
                $"expected 200 with {{version, pipelineVersion, storageBackend, kafka, environment}} — got {answer.Describe()}"),
            { Count: 0 } => SmokeCheckResult.Pass(SmokeCheckNames.Version, clock.Elapsed, VersionCheck.Confirmed(_expected)),
            var problems => SmokeCheckResult.Fail(SmokeCheckNames.Version, clock.Elapsed,
                $"{string.Join("; ", problems)} — got {answer.Describe()}"),
        };
    }

    /// <summary>With <paramref name="expectedAccepted"/>: 202 {"accepted":N}; without: 401.</summary>
    private async Task<SmokeCheckResult> PostAsync(string name, string body, string contentType, string? apiKey, int? expectedAccepted, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var answer = await _client.PostLogsAsync(body, contentType, apiKey, ct);
        var expected = expectedAccepted is { } n ? $"202 {{\"accepted\":{n}}}" : "401";
        var passed = expectedAccepted is { } count
            ? answer.Status == 202 && AcceptedCount(answer) == count
            : answer.Status == 401;
        return passed
            ? SmokeCheckResult.Pass(name, clock.Elapsed, answer.Describe(HttpAnswer.BriefBytes))
            : SmokeCheckResult.Fail(name, clock.Elapsed, $"expected {expected} — got {answer.Describe()}");
    }

    /// <summary>GET /metrics: see <see cref="MetricsCheck"/>.</summary>
    private async Task<SmokeCheckResult> MetricsAsync(int acceptedAtLeast, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var answer = await _client.GetAsync("/metrics", ct);
        return MetricsCheck.Problem(answer, acceptedAtLeast) is { } problem
            ? SmokeCheckResult.Fail(SmokeCheckNames.Metrics, clock.Elapsed, $"{problem} — got {answer.Describe()}")
            : SmokeCheckResult.Pass(SmokeCheckNames.Metrics, clock.Elapsed,
                $"{answer.Status} {answer.ContentType}, {MetricsCheck.AcceptedEvents} {MetricsCheck.Accepted(answer.Text)}");
    }

    private static bool Passed(List<SmokeCheckResult> results, string name) =>
        results.Any(r => r.Name == name && r.Status == Checks.CheckStatus.Passed);

    private static SmokeCheckResult StoredEvents(string dataDirectory, string marker, int expected)
    {
        var clock = Stopwatch.StartNew();
        var found = DataDirectoryEvents.Count(dataDirectory, marker);
        var where = found.Files.Count == 0 ? $"no file in {dataDirectory} holds them" : $"in {string.Join(", ", found.Files)}";
        return found.Count == expected
            ? SmokeCheckResult.Pass(SmokeCheckNames.StoredEvents, clock.Elapsed, $"{found.Count} events with marker {marker} {where}")
            : SmokeCheckResult.Fail(SmokeCheckNames.StoredEvents, clock.Elapsed,
                $"expected {expected} events with marker {marker} — found {found.Count} ({where})");
    }

    private static int? AcceptedCount(HttpAnswer answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            return json.RootElement.TryGetProperty("accepted", out var accepted) && accepted.TryGetInt32(out var count) ? count : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A key that is certainly not <paramref name="apiKey"/>.</summary>
    private static string WrongKey(string apiKey)
    {
        string key;
        do key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        while (key == apiKey);
        return key;
    }

    public void Dispose() => _client.Dispose();
}
