using System.Net;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task More_events_than_the_configured_limit_get_413_and_nothing_is_written()
    {
        using var data = new TempDirectory();
        var settings = TestSettings.FilePipeline(data.Path);
        settings["LogForge:MaxEventsPerRequest"] = "3";
        settings["LogForge:MaxBodyBytes"] = "2048";
        using var factory = new LogForgeFactory(settings);
        var client = factory.CreateClient();

        using var three = await client.SendAsync(Http.PostLogs("""[{"message":"1"},{"message":"2"},{"message":"3"}]"""));
        using var four = await client.SendAsync(Http.PostLogs("{\"message\":\"1\"}\n{\"message\":\"2\"}\n{\"message\":\"3\"}\n{\"message\":\"4\"}", "application/x-ndjson"));
        using var large = await client.SendAsync(Http.PostLogs($$"""{"message":"{{new string('z', 2100)}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, three.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, four.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(3, DataFiles.Lines(data.Path).Count);
    }

    [Fact]
    public async Task When_the_data_directory_cannot_be_written_the_answer_is_503_with_retry_after()
    {
        using var data = new TempDirectory();
        var dataDir = data.Combine("data");
        var settings = TestSettings.FilePipeline(dataDir);
        settings["LogForge:FileMaxBytes"] = "4096";
        using var factory = new LogForgeFactory(settings);
        var client = factory.CreateClient();
        using var first = await client.SendAsync(Http.PostLogs("""{"message":"before"}"""));
        Directory.Delete(dataDir, recursive: true);
        File.WriteAllText(dataDir, "a file where the directory was");

        // Larger than what is left of the segment, so the writer must open the next file, which fails.
        using var response = await client.SendAsync(Http.PostLogs($$"""{"message":"{{new string('a', 5000)}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
