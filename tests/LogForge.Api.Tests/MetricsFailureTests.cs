using System.Net;
using LogForge.Api.Tests.Infrastructure;
using LogForge.Testing.Metrics;

namespace LogForge.Api.Tests;

/// <summary>What a failing v1 pipeline shows in GET /metrics: refused for storage, the failed group, the unready check.</summary>
public sealed class MetricsFailureTests
{
    [Fact]
    public async Task Without_its_data_directory_the_refusal_the_failed_group_and_the_readiness_gauge_show_it()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        using var factory = new LogForgeFactory(TestSettings.FilePipeline(dataDir));
        var client = factory.CreateClient();
        var before = await MetricsScrape.GetAsync(client);
        Assert.Equal(1, before.Value("logforge_ready", "check=data-directory"));

        Directory.Delete(dataDir, recursive: true);
        using var refused = await client.SendAsync(Http.PostLogs("""{"message":"while gone"}"""));
        var after = await TestMetrics.ScrapeUntilAsync(client, s => s.Value("logforge_ready", "check=data-directory") == 0,
            TimeSpan.FromSeconds(10), "logforge_ready{check=\"data-directory\"} 0 (the probe caches for 2 s)");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(1, after.Value("logforge_ingest_requests_refused_total", "reason=storage_failure"));
        Assert.Equal(1, after.Value("logforge_file_group_commit_failures_total"));
        Assert.Equal(0, after.Value("logforge_ingest_events_accepted_total"));
        Assert.Equal(1, after.Value("http_server_request_duration_seconds_count", "http_route=/logs", "http_response_status_code=503"));
    }
}
