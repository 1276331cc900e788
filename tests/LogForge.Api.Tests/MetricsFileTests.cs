using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LogForge.Api.Tests.Infrastructure;
using LogForge.Testing.Metrics;

namespace LogForge.Api.Tests;

/// <summary>GET /metrics of a running v1 LogForge (the built service as a child process): the counters move by what the requests did.</summary>
public sealed class MetricsFileTests(MetricsFileTests.Service service) : IClassFixture<MetricsFileTests.Service>
{
    public sealed class Service : IAsyncLifetime
    {
        public const int MaxBodyBytes = 4096;
        private readonly TempDirectory _work = new();

        public ServiceProcess Process { get; private set; } = null!;

        public string DataDir => _work.Combine("data");

        public async Task InitializeAsync()
        {
            var environment = TestSettings.AsEnvironment(TestSettings.FilePipeline(DataDir));
            environment["LOGFORGE_MAX_BODY_BYTES"] = MaxBodyBytes.ToString();
            Process = ServiceProcess.Start(environment, _work.Path);
            await Process.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            _work.Dispose();
        }
    }

    private HttpClient Client => service.Process.Client;

    [Fact]
    public async Task Accepted_and_refused_requests_move_their_counters_by_exactly_what_was_sent()
    {
        var single = """{"message":"metrics one"}""";
        var batch = string.Join("\n", Enumerable.Range(0, 5).Select(i => $$"""{"message":"metrics batch {{i}}"}"""));
        var before = await MetricsScrape.GetAsync(Client);
        var bytesBefore = DataBytes();

        await SendAsync(Http.PostLogs(single), HttpStatusCode.Accepted);
        await SendAsync(Http.PostLogs(batch, "application/x-ndjson"), HttpStatusCode.Accepted);
        await SendAsync(Http.PostLogs(single, bearer: null), HttpStatusCode.Unauthorized);
        await SendAsync(Http.PostLogs(single, bearer: "not-a-key"), HttpStatusCode.Unauthorized);
        await SendAsync(Http.PostLogs("""{"message":"""), HttpStatusCode.BadRequest);
        await SendAsync(Http.PostLogs($$"""{"message":"{{new string('x', Service.MaxBodyBytes)}}"}"""), HttpStatusCode.RequestEntityTooLarge);
        await SendAsync(Http.PostLogs(single, "text/plain"), HttpStatusCode.UnsupportedMediaType);
        var after = await MetricsScrape.GetAsync(Client);

        double Delta(string name, params string[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(6, Delta("logforge_ingest_events_accepted_total"));
        Assert.Equal(Encoding.UTF8.GetByteCount(single) + Encoding.UTF8.GetByteCount(batch), Delta("logforge_ingest_bytes_total"));
        Assert.Equal(2, Delta("logforge_ingest_requests_refused_total", "reason=auth"));
        Assert.Equal(1, Delta("logforge_ingest_requests_refused_total", "reason=invalid"));
        Assert.Equal(1, Delta("logforge_ingest_requests_refused_total", "reason=too_large"));
        Assert.Equal(1, Delta("logforge_ingest_requests_refused_total", "reason=unsupported_media_type"));
        Assert.Equal(5, Delta("logforge_ingest_requests_refused_total"));

        string[] Logs(int status) => ["http_request_method=POST", "http_route=/logs", $"http_response_status_code={status}"];
        Assert.Equal(2, Delta("http_server_request_duration_seconds_count", Logs(202)));
        Assert.Equal(2, Delta("http_server_request_duration_seconds_count", Logs(401)));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", Logs(400)));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", Logs(413)));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", Logs(415)));
        Assert.Equal(2, Delta("http_server_request_duration_seconds_bucket", [.. Logs(202), "le=+Inf"]));
        Assert.True(Delta("http_server_request_duration_seconds_sum", Logs(202)) > 0);

        // Each accepted request is in exactly one group commit, and each group is fsynced once.
        var groups = Delta("logforge_file_group_commit_requests_count");
        Assert.Equal(2, Delta("logforge_file_group_commit_requests_sum"));
        Assert.InRange(groups, 1, 2);
        Assert.Equal(groups, Delta("logforge_file_fsync_duration_seconds_count"));
        Assert.True(Delta("logforge_file_fsync_duration_seconds_sum") > 0);
        Assert.Equal(DataBytes() - bytesBefore, Delta("logforge_file_written_bytes_total"));
        Assert.Equal(0, Delta("logforge_file_group_commit_failures_total"));
    }

    [Fact]
    public async Task The_exposition_is_prometheus_text_0_0_4_that_promtool_parses_and_lints_clean_and_openmetrics_on_request()
    {
        await SendAsync(Http.PostLogs("""{"message":"for the lint"}"""), HttpStatusCode.Accepted);
        var scrape = await MetricsScrape.GetAsync(Client);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scrape.ContentType);
        Assert.Equal("", await Promtool.CheckMetricsAsync(scrape.Text));
        Assert.Equal("histogram", scrape.Families["http_server_request_duration_seconds"]);
        Assert.Equal("counter", scrape.Families["logforge_ingest_events_accepted_total"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
        using var openMetrics = await Client.SendAsync(request);
        var text = await openMetrics.Content.ReadAsStringAsync();
        Assert.StartsWith("application/openmetrics-text", openMetrics.Content.Headers.ContentType?.ToString());
        Assert.EndsWith("# EOF\n", text);
    }

    [Fact]
    public async Task Readiness_scrapes_and_the_build_are_gauges_and_metrics_needs_no_key()
    {
        using var unauthenticated = new HttpClient { BaseAddress = Client.BaseAddress };
        var first = await MetricsScrape.GetAsync(unauthenticated);
        var second = await MetricsScrape.GetAsync(unauthenticated);

        Assert.Equal(1, second.Value("logforge_ready", "check=data-directory"));
        Assert.Equal(1, second.Value("logforge_build_info", "pipeline=1", "role=api"));
        string[] scrapes = ["http_request_method=GET", "http_route=/metrics", "http_response_status_code=200"];
        var count = "http_server_request_duration_seconds_count";
        Assert.Equal(1, second.Value(count, scrapes) - first.Value(count, scrapes));
    }

    private async Task SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        using (var response = await Client.SendAsync(request))
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private long DataBytes() => Directory.EnumerateFiles(service.DataDir, "*.ndjson").Sum(f => new FileInfo(f).Length);
}
