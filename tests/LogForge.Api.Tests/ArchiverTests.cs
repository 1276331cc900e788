using LogForge.Testing.Kafka;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogForge.Api.Archiving;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>
/// End to end: the v2 API produces to the mock cluster; the archiver role (the built service as a
/// child process, `--role archiver`) consumes in its group and stores gzip NDJSON objects in s3rver.
/// </summary>
[Collection(BackendsCollection.Name)]
public sealed partial class ArchiverTests(KafkaMockBroker kafka, S3rver s3)
{
    [Fact]
    public async Task Archives_every_event_as_gzip_ndjson_and_commits_after_storing()
    {
        var topic = "logs-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        var settings = TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, bucket);
        using var api = new LogForgeFactory(settings);
        var client = api.CreateClient();
        for (var request = 0; request < 5; request++)
        {
            var body = string.Join("\n", Enumerable.Range(0, 5).Select(i => $"{{\"message\":\"archived {request}-{i}\"}}"));
            using var response = await client.SendAsync(Http.PostLogs(body, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var work = new TempDirectory();
        var environment = TestSettings.AsEnvironment(settings);
        environment["LOGFORGE_ARCHIVER_FLUSH_SECONDS"] = "1";
        await using var archiver = ServiceProcess.Start(environment, work.Path, "--role", "archiver");
        await archiver.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        using var minio = s3.Client();

        var lines = new List<string>();
        var names = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (lines.Count < 25 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            names = await Archive.ObjectNamesAsync(minio, bucket);
            lines = [];
            foreach (var name in names)
            {
                lines.AddRange(await Archive.LinesAsync(minio, bucket, name));
            }
        }

        var messages = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("message").GetString()).ToHashSet();
        Assert.True(messages.Count == 25, $"archived {messages.Count} of 25 events; objects: {string.Join(", ", names)}\n{archiver.Output}");
        Assert.All(names, name => Assert.Matches(ObjectName(), name));
        var committed = kafka.Committed(topic, settings["LogForge:KafkaConsumerGroup"]!);
        Assert.Equal(25, committed.Where(c => c.Offset.Value > 0).Sum(c => c.Offset.Value));

        using var ready = await archiver.Client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var logs = await archiver.Client.SendAsync(Http.PostLogs("""{"message":"m"}"""));
        Assert.Equal(HttpStatusCode.NotFound, logs.StatusCode);

        archiver.Terminate();
        Assert.Equal(0, await archiver.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Object_names_are_hour_prefixed_partition_and_offset_ranges()
    {
        var name = ArchiveObjectNames.For(new DateTime(2026, 3, 4, 5, 59, 0, DateTimeKind.Utc), 2, 100, 199);

        Assert.Equal("logs/2026/03/04/05/2-100-199.ndjson.gz", name);
    }

    [GeneratedRegex(@"^logs/\d{4}/\d{2}/\d{2}/\d{2}/\d+-\d+-\d+\.ndjson\.gz$")]
    private static partial Regex ObjectName();
}
