using LogForge.Delivery.Checks;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Versions;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>The checks against a scripted HTTP service: retries, what a failing row says, what the read-only checks send.</summary>
public sealed class SmokeChecksTests
{
    private const string Version = """{"version":"0.1.0","commit":"abc","pipelineVersion":2,"storageBackend":"minio","kafka":true,"environment":"staging"}""";
    private static readonly SmokeExpectation Staging = new("staging", ReleaseVersion.Parse("v0.1.0"), "deploy/env/staging/values.yaml image.tag", "staging", 2, "minio", true);
    private static readonly Uri Base = new("http://logforge.test");

    private static StubService Healthy() => new StubService()
        .Answer("GET /health", (200, """{"status":"healthy"}"""))
        .Answer("GET /ready", (200, """{"status":"ready"}"""))
        .Answer("GET /version", (200, Version))
        .Answer("GET /metrics", PrometheusText, (200, Exposition(11)));

    private const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    private static string Exposition(int accepted) =>
        "# HELP logforge_ingest_events_accepted_total Events stored.\n# TYPE logforge_ingest_events_accepted_total counter\n" +
        $"logforge_ingest_events_accepted_total {accepted}\n";

    [Fact]
    public async Task Read_only_checks_pass_and_send_nothing_but_three_gets()
    {
        var service = Healthy();
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, service);

        var rows = await checks.ReadOnlyAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal([SmokeCheckNames.Health, SmokeCheckNames.Ready, SmokeCheckNames.Version], rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Equal("0.1.0 (deploy/env/staging/values.yaml image.tag); pipeline 2, minio, Kafka on (deploy/env/policy.yaml staging); environment staging", rows[2].Detail);
        Assert.Equal(["GET /health (no key)", "GET /ready (no key)", "GET /version (no key)"], service.Requests);
    }

    [Fact]
    public async Task Ready_is_asked_again_with_a_progress_line_until_it_answers_200()
    {
        var service = Healthy().Answer("GET /ready", (503, """{"status":"not ready"}"""), (503, """{"status":"not ready"}"""), (200, """{"status":"ready"}"""));
        var log = new LogCapture();
        var clock = new TestClock();
        using var checks = new SmokeChecks(Base, Staging, log.Logger, service, clock);

        var rows = await clock.RunAsync(checks.ReadOnlyAsync(TimeSpan.FromSeconds(30), CancellationToken.None));

        var ready = rows.Single(r => r.Name == SmokeCheckNames.Ready);
        Assert.Equal(CheckStatus.Passed, ready.Status);
        Assert.Equal("""200 {"status":"ready"} (ready after 1.0 s, 3 attempts)""", ready.Detail);
        Assert.Equal(["""GET /ready: 503 {"status":"not ready"} — asking again until 30 s have passed (0 s so far)"""], log.Messages);
    }

    [Fact]
    public async Task Ready_fails_at_the_timeout_with_the_last_answer()
    {
        var service = Healthy().Answer("GET /ready", (503, """{"status":"not ready","checks":[{"name":"kafka-topic","status":"failing"}]}"""));
        var clock = new TestClock();
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, service, clock);

        var rows = await clock.RunAsync(checks.ReadOnlyAsync(TimeSpan.FromSeconds(1.2), CancellationToken.None));

        // Asked at 0, 0.5, 1.0 and, the last time, at the deadline 1.2 s.
        var ready = rows.Single(r => r.Name == SmokeCheckNames.Ready);
        Assert.Equal(CheckStatus.Failed, ready.Status);
        Assert.Equal("""expected 200 within 1.2 s — got 503 {"status":"not ready","checks":[{"name":"kafka-topic","status":"failing"}]} (last of 4 attempts)""",
            ready.Detail);
        Assert.Equal(TimeSpan.FromSeconds(1.2), ready.Duration);
        Assert.Equal(4, service.Requests.Count(r => r.StartsWith("GET /ready", StringComparison.Ordinal)));
        Assert.Equal(CheckStatus.Passed, rows.Single(r => r.Name == SmokeCheckNames.Version).Status);
    }

    [Fact]
    public async Task A_wrong_version_names_the_field_and_quotes_the_answer()
    {
        var deployed = """{"version":"0.0.9","commit":"abc","pipelineVersion":2,"storageBackend":"minio","kafka":true,"environment":"staging"}""";
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, Healthy().Answer("GET /version", (200, deployed)));

        var rows = await checks.ReadOnlyAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        var version = rows.Single(r => r.Name == SmokeCheckNames.Version);
        Assert.Equal(CheckStatus.Failed, version.Status);
        Assert.Equal($"version: expected 0.1.0 (deploy/env/staging/values.yaml image.tag), got 0.0.9 — got 200 {deployed}", version.Detail);
    }

    [Fact]
    public async Task Posts_send_the_key_as_a_bearer_token_and_expect_202_and_401()
    {
        var service = Healthy()
            .Answer("POST /logs", (202, """{"accepted":1}"""), (202, """{"accepted":10}"""), (401, """{"title":"Unauthorized"}"""));
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, service);

        var rows = await checks.AllAsync("the-key", TimeSpan.FromSeconds(5), dataDirectory: null, CancellationToken.None);

        Assert.All(rows, r => Assert.Equal(CheckStatus.Passed, r.Status));
        var posts = service.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)).ToList();
        Assert.Equal(["POST /logs Bearer the-key", "POST /logs Bearer the-key", "POST /logs (no key)"], posts.Take(3));
        Assert.StartsWith("POST /logs Bearer ", posts[3], StringComparison.Ordinal);
        Assert.NotEqual("POST /logs Bearer the-key", posts[3]);
    }

    [Fact]
    public async Task A_refused_key_fails_both_posts_with_status_and_body()
    {
        var service = Healthy().Answer("POST /logs", (401, """{"title":"Unauthorized","status":401}"""));
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, service);

        var rows = await checks.AllAsync("rotated-away", TimeSpan.FromSeconds(5), dataDirectory: null, CancellationToken.None);

        Assert.Equal("expected 202 {\"accepted\":1} — got 401 {\"title\":\"Unauthorized\",\"status\":401}", rows.Single(r => r.Name == SmokeCheckNames.PostOne).Detail);
        Assert.Equal("expected 202 {\"accepted\":10} — got 401 {\"title\":\"Unauthorized\",\"status\":401}", rows.Single(r => r.Name == SmokeCheckNames.PostBatch).Detail);
        Assert.Equal(CheckStatus.Passed, rows.Single(r => r.Name == SmokeCheckNames.PostWithoutKey).Status);
    }

    [Fact]
    public async Task Metrics_counting_the_accepted_events_in_the_prometheus_text_format_pass_after_the_posts()
    {
        var service = Healthy()
            .Answer("POST /logs", (202, """{"accepted":1}"""), (202, """{"accepted":10}"""), (401, """{"title":"Unauthorized"}"""));
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, service);

        var rows = await checks.AllAsync("the-key", TimeSpan.FromSeconds(5), dataDirectory: null, CancellationToken.None);

        Assert.Equal([SmokeCheckNames.PostWrongKey, SmokeCheckNames.Metrics], rows.Skip(rows.Count - 2).Select(r => r.Name));
        var metrics = rows[^1];
        Assert.Equal(CheckStatus.Passed, metrics.Status);
        Assert.Equal("200 text/plain; version=0.0.4; charset=utf-8, logforge_ingest_events_accepted_total 11", metrics.Detail);
        Assert.Equal("GET /metrics (no key)", service.Requests[^1]);
    }

    [Theory]
    [InlineData("application/json", 11, 200, "expected the content type text/plain; version=0.0.4 (or application/openmetrics-text), got 'application/json'")]
    [InlineData(PrometheusText, 3, 200, "expected logforge_ingest_events_accepted_total ≥ 11 (the events this run had accepted), got 3")]
    [InlineData(PrometheusText, 11, 404, "expected 200")]
    public async Task Metrics_in_another_format_counting_fewer_events_or_missing_fail(string contentType, int accepted, int status, string problem)
    {
        var service = Healthy()
            .Answer("POST /logs", (202, """{"accepted":1}"""), (202, """{"accepted":10}"""), (401, """{"title":"Unauthorized"}"""))
            .Answer("GET /metrics", contentType, (status, Exposition(accepted)));
        using var checks = new SmokeChecks(Base, Staging, new LogCapture().Logger, service);

        var rows = await checks.AllAsync("the-key", TimeSpan.FromSeconds(5), dataDirectory: null, CancellationToken.None);

        var metrics = rows.Single(r => r.Name == SmokeCheckNames.Metrics);
        Assert.Equal(CheckStatus.Failed, metrics.Status);
        Assert.StartsWith(problem + " — got " + status, metrics.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_fails_every_row_with_no_answer()
    {
        var port = LogForge.Delivery.Smoke.Local.LoopbackPort.Free();
        using var checks = new SmokeChecks(new Uri($"http://127.0.0.1:{port}"), Staging, new LogCapture().Logger);

        var rows = await checks.ReadOnlyAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.All(rows, r => Assert.Equal(CheckStatus.Failed, r.Status));
        Assert.StartsWith("expected 200 — got no answer: Connection refused", rows[0].Detail, StringComparison.Ordinal);
    }
}
