using System.Net;
using LogForge.Api.Tests.Infrastructure;
using LogForge.Testing.Kafka;
using LogForge.Testing.Metrics;
using Minio.DataModel.Args;

namespace LogForge.Api.Tests;

/// <summary>
/// GET /metrics of a running v2 LogForge on librdkafka's mock broker and s3rver: the producer's and the archiver's
/// series move with the events sent, with a broker that does not answer, and with a bucket that is not there yet.
/// </summary>
[Collection(BackendsCollection.Name)]
public sealed class MetricsKafkaTests(KafkaMockBroker kafka, S3rver s3)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_producer_counts_accepted_events_and_times_each_request_until_its_last_delivery_report()
    {
        var topic = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        using var work = new TempDirectory();
        var settings = TestSettings.AsEnvironment(TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, bucket));
        await using var api = ServiceProcess.Start(settings, work.Path);
        await api.WaitHealthyAsync(Timeout);

        foreach (var events in new[] { 1, 4, 5 })
        {
            var body = string.Join("\n", Enumerable.Range(0, events).Select(i => $$"""{"message":"produced {{i}}"}"""));
            using var response = await api.Client.SendAsync(Http.PostLogs(body, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var scrape = await MetricsScrape.GetAsync(api.Client);
        Assert.Equal(10, scrape.Value("logforge_ingest_events_accepted_total"));
        Assert.Equal(3, scrape.Value("logforge_kafka_produce_duration_seconds_count"));
        Assert.True(scrape.Value("logforge_kafka_produce_duration_seconds_sum") > 0);
        Assert.Equal(0, scrape.Value("logforge_kafka_producer_messages_in_flight"));
        Assert.Equal(0, scrape.Value("logforge_kafka_delivery_failures_total"));
        Assert.Equal(1, scrape.Value("logforge_ready", "check=kafka"));
        Assert.Equal(1, scrape.Value("logforge_ready", "check=minio"));
        Assert.Equal(1, scrape.Value("logforge_build_info", "pipeline=2", "role=api"));
        Assert.False(scrape.Has("logforge_file_fsync_duration_seconds_count"), "v2 has no file pipeline");
        Assert.Equal("", await Promtool.CheckMetricsAsync(scrape.Text));
    }

    [Fact]
    public async Task Without_a_broker_the_events_wait_in_flight_then_count_as_delivery_failures_and_a_storage_refusal()
    {
        var topic = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        using var factory = new LogForgeFactory(TestSettings.KafkaPipeline($"127.0.0.1:{LogForge.Delivery.Smoke.Local.LoopbackPort.Free()}", topic, s3, bucket));
        var client = factory.CreateClient();

        var posting = client.SendAsync(Http.PostLogs("""[{"message":"a"},{"message":"b"},{"message":"c"}]"""));
        var waiting = await TestMetrics.ScrapeUntilAsync(client, s => s.Value("logforge_kafka_producer_messages_in_flight") == 3, Timeout,
            "3 events in flight");
        using var refused = await posting; // the delivery reports fail after the 15 s message timeout (KafkaConfigs)
        var after = await MetricsScrape.GetAsync(client);

        Assert.Equal(0, waiting.Value("logforge_ready", "check=kafka"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(0, after.Value("logforge_kafka_producer_messages_in_flight"));
        Assert.Equal(3, after.Value("logforge_kafka_delivery_failures_total"));
        Assert.Equal(1, after.Value("logforge_ingest_requests_refused_total", "reason=storage_failure"));
        Assert.Equal(0, after.Value("logforge_kafka_produce_duration_seconds_count"));
    }

    [Fact]
    public async Task The_archiver_shows_its_lag_and_failed_stores_while_the_bucket_is_missing_and_what_it_wrote_once_it_is_there()
    {
        var topic = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = "b-" + topic; // created only later
        var settings = TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, bucket);
        using var api = new LogForgeFactory(settings);
        var client = api.CreateClient();
        await PostAsync(client, 6);
        using var work = new TempDirectory();
        var environment = TestSettings.AsEnvironment(settings);
        environment["LOGFORGE_ARCHIVER_MAX_EVENTS"] = "1"; // every event is an object of its own, due at once
        await using var archiver = ServiceProcess.Start(environment, work.Path, "--role", "archiver");
        await archiver.WaitHealthyAsync(Timeout);
        var ofTopic = $"topic={topic}"; // the mock cluster's topics have 4 partitions: lag is summed over them

        // The first event's object cannot be stored, so the archiver retries it and consumes nothing more: all 6 are lag.
        var failing = await TestMetrics.ScrapeUntilAsync(archiver.Client,
            s => s.Value("logforge_archiver_failures_total", "operation=store") >= 1 && s.Value("logforge_archiver_lag_messages", ofTopic) == 6,
            Timeout, "a failed store and a lag of 6");
        Assert.Equal(0, failing.Value("logforge_archiver_objects_total"));
        Assert.Equal(0, failing.Value("logforge_ready", "check=minio"));

        await s3.CreateBucketAsync(bucket);
        // The lag is worked out after the offsets are committed: a scrape between the two sees the events but the old lag.
        var stored = await TestMetrics.ScrapeUntilAsync(archiver.Client,
            s => s.Value("logforge_archiver_events_total") == 6 && s.Value("logforge_archiver_lag_messages", ofTopic) == 0, Timeout,
            "6 events archived and no lag");
        using var minio = s3.Client();
        var names = await Archive.ObjectNamesAsync(minio, bucket);
        long bytes = 0;
        foreach (var name in names)
            bytes += (await minio.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject(name))).Size;

        Assert.Equal(6, names.Count);
        Assert.Equal(6, stored.Value("logforge_archiver_objects_total"));
        Assert.Equal(bytes, stored.Value("logforge_archiver_written_bytes_total"));
        Assert.Equal(0, stored.Value("logforge_archiver_failures_total", "operation=commit"));
        Assert.Equal(1, stored.Value("logforge_build_info", "pipeline=2", "role=archiver"));
        Assert.False(stored.Has("logforge_ingest_events_accepted_total"), "the archiver serves no /logs");
        await TestMetrics.ScrapeUntilAsync(archiver.Client, s => s.Value("logforge_ready", "check=minio") == 1, Timeout, "MinIO ready");
        Assert.Equal("", await Promtool.CheckMetricsAsync(stored.Text));
    }

    private static async Task PostAsync(HttpClient client, int events)
    {
        var body = string.Join("\n", Enumerable.Range(0, events).Select(i => $$"""{"message":"archived {{i}}"}"""));
        using var response = await client.SendAsync(Http.PostLogs(body, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
