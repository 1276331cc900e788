using System.Net;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

public sealed class HealthApiTests
{
    [Fact]
    public async Task Health_answers_healthy()
    {
        using var service = new FileService();

        using var response = await service.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Version_reports_build_pipeline_and_environment()
    {
        using var data = new TempDirectory();
        var settings = TestSettings.FilePipeline(data.Path);
        settings["LogForge:Version"] = "9.8.7";
        settings["LogForge:Commit"] = "abc1234";
        using var factory = new LogForgeFactory(settings);

        using var response = await factory.CreateClient().GetAsync("/version");
        var body = await response.JsonAsync();

        Assert.Equal("9.8.7", body.GetProperty("version").GetString());
        Assert.Equal("abc1234", body.GetProperty("commit").GetString());
        Assert.Equal(1, body.GetProperty("pipelineVersion").GetInt32());
        Assert.Equal("file", body.GetProperty("storageBackend").GetString());
        Assert.False(body.GetProperty("kafka").GetBoolean());
        Assert.Equal("test", body.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Version_without_override_is_the_stamped_informational_version()
    {
        using var service = new FileService();

        var body = await (await service.Client.GetAsync("/version")).JsonAsync();

        Assert.Equal(LogForge.Api.Configuration.BuildInfo.StampedVersion, body.GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Ready_when_the_data_directory_takes_a_real_write()
    {
        using var service = new FileService();

        using var response = await service.Client.GetAsync("/ready");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("data-directory", body.GetProperty("checks")[0].GetProperty("name").GetString());
        Assert.Empty(Directory.GetFiles(service.Data.Path, "*.probe"));
    }

    [Fact]
    public async Task Unready_with_checks_when_the_data_directory_is_gone()
    {
        using var service = new FileService();
        await service.Client.GetAsync("/health");
        Directory.Delete(service.Data.Path, recursive: true);

        using var response = await service.Client.GetAsync("/ready");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unready", body.GetProperty("status").GetString());
        var check = body.GetProperty("checks")[0];
        Assert.Equal("data-directory", check.GetProperty("name").GetString());
        Assert.Equal("failed", check.GetProperty("status").GetString());
        Assert.Contains("does not exist", check.GetProperty("detail").GetString());
    }
}
