using LogForge.Testing.Kafka;
using System.Net;
using System.Text.Json;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>Pipeline v2 through librdkafka's mock cluster (real Kafka protocol over TCP) and s3rver.</summary>
[Collection(BackendsCollection.Name)]
public sealed class KafkaPipelineTests(KafkaMockBroker kafka, S3rver s3)
{
    [Fact]
    public async Task Events_are_in_the_topic_when_the_202_comes()
    {
        var topic = "logs-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        using var factory = new LogForgeFactory(TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, bucket));
        var client = factory.CreateClient();

        using var response = await client.SendAsync(Http.PostLogs(
            """[{"message":"k1","service":"svc"},{"message":"k2","level":"warn"},{"message":"k3","attributes":{"a":1}}]"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        var messages = kafka.ReadAll(topic, expected: 3, TimeSpan.FromSeconds(15))
            .Select(value => JsonDocument.Parse(value).RootElement).ToList();
        var byMessage = messages.ToDictionary(m => m.GetProperty("message").GetString()!);
        Assert.Equal(["k1", "k2", "k3"], byMessage.Keys.Order());
        Assert.Equal("warn", byMessage["k2"].GetProperty("level").GetString());
        Assert.Equal("svc", byMessage["k1"].GetProperty("service").GetString());
    }

    [Fact]
    public async Task Ready_when_the_topic_answers_and_the_bucket_exists_and_version_says_v2()
    {
        var topic = "logs-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        using var factory = new LogForgeFactory(TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, bucket));
        var client = factory.CreateClient();
        using var produced = await client.SendAsync(Http.PostLogs("""{"message":"creates the topic"}"""));

        using var ready = await client.GetAsync("/ready");
        var report = await ready.JsonAsync();
        using var versionResponse = await client.GetAsync("/version");
        var version = await versionResponse.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(["kafka", "minio"], report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(2, version.GetProperty("pipelineVersion").GetInt32());
        Assert.Equal("minio", version.GetProperty("storageBackend").GetString());
        Assert.True(version.GetProperty("kafka").GetBoolean());
    }

    [Fact]
    public async Task Unready_naming_the_bucket_when_it_does_not_exist()
    {
        var topic = "logs-" + Guid.NewGuid().ToString("N")[..8];
        using var factory = new LogForgeFactory(TestSettings.KafkaPipeline(kafka.BootstrapServers, topic, s3, "no-such-bucket"));
        var client = factory.CreateClient();

        using var ready = await client.GetAsync("/ready");
        var minio = (await ready.JsonAsync()).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "minio");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("failed", minio.GetProperty("status").GetString());
        Assert.Contains("no-such-bucket", minio.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unready_and_503_when_no_broker_answers()
    {
        var topic = "logs-" + Guid.NewGuid().ToString("N")[..8];
        var bucket = await s3.CreateBucketAsync("b-" + topic);
        var settings = TestSettings.KafkaPipeline($"127.0.0.1:{LogForge.Delivery.Smoke.Local.LoopbackPort.Free()}", topic, s3, bucket);
        using var factory = new LogForgeFactory(settings);
        var client = factory.CreateClient();

        using var ready = await client.GetAsync("/ready");
        var check = (await ready.JsonAsync()).GetProperty("checks")[0];

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("kafka", check.GetProperty("name").GetString());
        Assert.Equal("failed", check.GetProperty("status").GetString());
    }
}
