using System.Net;
using LogForge.Testing.Kafka;
using LogForge.Testing.Metrics;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>
/// One running LogForge of each kind — the v1 API, the v2 API and the archiver (the built service as child processes,
/// v2 on the mock broker and s3rver) — each sent some traffic and scraped once it has done its part.
/// </summary>
public sealed class ScrapedLogForges(KafkaMockBroker kafka, S3rver s3) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _work = new();
    private readonly List<ServiceProcess> _processes = [];

    /// <summary>"api v1", "api v2", "archiver" → its scrape.</summary>
    public Dictionary<string, MetricsScrape> Scrapes { get; } = [];

    public async Task InitializeAsync()
    {
        var v1 = await StartAsync(TestSettings.AsEnvironment(TestSettings.FilePipeline(_work.Combine("data"))));
        await PostAsync(v1.Client, TestSettings.KeyOne, HttpStatusCode.Accepted);
        await PostAsync(v1.Client, null, HttpStatusCode.Unauthorized);
        Scrapes["api v1"] = await MetricsScrape.GetAsync(v1.Client);

        var topic = "consistency-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        var settings = TestSettings.AsEnvironment(TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, bucket));
        var v2 = await StartAsync(settings);
        await PostAsync(v2.Client, TestSettings.KeyOne, HttpStatusCode.Accepted);
        Scrapes["api v2"] = await MetricsScrape.GetAsync(v2.Client);

        settings["LOGFORGE_ARCHIVER_MAX_EVENTS"] = "1";
        var archiver = await StartAsync(settings, "--role", "archiver");
        Scrapes["archiver"] = await TestMetrics.ScrapeUntilAsync(archiver.Client,
            s => s.Value("logforge_archiver_events_total") >= 1 && s.Has("logforge_archiver_lag_messages"), Timeout, "an archived event and its lag");
    }

    private async Task<ServiceProcess> StartAsync(Dictionary<string, string?> environment, params string[] arguments)
    {
        var process = ServiceProcess.Start(environment, _work.Path, arguments);
        _processes.Add(process);
        await process.WaitHealthyAsync(Timeout);
        return process;
    }

    private static async Task PostAsync(HttpClient client, string? key, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(Http.PostLogs("""{"message":"scraped"}""", bearer: key));
        Assert.Equal(expected, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        _work.Dispose();
    }
}
