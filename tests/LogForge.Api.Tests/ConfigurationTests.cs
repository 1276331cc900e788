using LogForge.Api.Configuration;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void Environment_variable_names_of_the_contract_bind_to_the_options()
    {
        var settings = LogForgeEnvironmentVariables.Read(new Dictionary<string, string>
        {
            ["LOGFORGE_DATA_DIR"] = "/data",
            ["LOGFORGE_KAFKA_BOOTSTRAP_SERVERS"] = "kafka:9092",
            ["LOGFORGE_MINIO_USE_SSL"] = "true",
            ["LOGFORGE_MAX_EVENTS_PER_REQUEST"] = "5",
            ["PATH"] = "/bin",
        });

        Assert.Equal("/data", settings["LogForge:DataDir"]);
        Assert.Equal("kafka:9092", settings["LogForge:KafkaBootstrapServers"]);
        Assert.Equal("true", settings["LogForge:MinioUseSsl"]);
        Assert.Equal("5", settings["LogForge:MaxEventsPerRequest"]);
        Assert.Equal(4, settings.Count);
    }

    [Fact]
    public void The_defaults_of_the_contract_are_valid_once_a_key_is_set()
    {
        var result = new LogForgeOptionsValidator(ServiceRole.Api).Validate(null, new LogForgeOptions { ApiKeys = "k" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(1, "minio", false, "LOGFORGE_PIPELINE_VERSION=2")]
    [InlineData(1, "file", true, "LOGFORGE_KAFKA_ENABLED=false")]
    [InlineData(2, "minio", false, "LOGFORGE_KAFKA_ENABLED=true")]
    [InlineData(2, "file", true, "LOGFORGE_STORAGE_BACKEND=minio")]
    [InlineData(3, "file", false, "LOGFORGE_PIPELINE_VERSION must be 1 or 2")]
    [InlineData(1, "s3", false, "LOGFORGE_STORAGE_BACKEND must be file or minio")]
    public void Invalid_combinations_are_refused_naming_the_variable(int pipeline, string backend, bool kafka, string expected)
    {
        var options = new LogForgeOptions { PipelineVersion = pipeline, StorageBackend = backend, KafkaEnabled = kafka, ApiKeys = "k" };

        var result = new LogForgeOptionsValidator(ServiceRole.Api).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Pipeline_2_without_kafka_servers_or_bucket_is_refused()
    {
        var options = new LogForgeOptions { PipelineVersion = 2, StorageBackend = "minio", KafkaEnabled = true, ApiKeys = "k", MinioEndpoint = "m:9000", MinioAccessKey = "a", MinioSecretKey = "s" };

        var result = new LogForgeOptionsValidator(ServiceRole.Api).Validate(null, options);

        Assert.Contains("LOGFORGE_KAFKA_BOOTSTRAP_SERVERS", result.FailureMessage);
        Assert.Contains("LOGFORGE_MINIO_BUCKET", result.FailureMessage);
    }

    [Fact]
    public void The_api_needs_a_key_and_the_archiver_does_not()
    {
        var v2 = new LogForgeOptions
        {
            PipelineVersion = 2, StorageBackend = "minio", KafkaEnabled = true, KafkaBootstrapServers = "k:9092",
            MinioEndpoint = "m:9000", MinioBucket = "b", MinioAccessKey = "a", MinioSecretKey = "s",
        };

        Assert.Contains("LOGFORGE_API_KEYS", new LogForgeOptionsValidator(ServiceRole.Api).Validate(null, v2).FailureMessage);
        Assert.True(new LogForgeOptionsValidator(ServiceRole.Archiver).Validate(null, v2).Succeeded);
    }

    [Fact]
    public void Keys_come_from_the_variable_and_the_mounted_file_together()
    {
        using var work = new TempDirectory();
        var file = work.Combine("keys");
        File.WriteAllLines(file, ["# rotated in 2026", "file-key", "", "shared"]);

        var keys = ApiKeysSource.Load(new LogForgeOptions { ApiKeys = " env-key , shared ", ApiKeysFile = file });

        Assert.Equal(["env-key", "shared", "file-key"], keys);
    }

    [Fact]
    public async Task A_bad_configuration_stops_the_process_with_one_clear_line()
    {
        using var work = new TempDirectory();
        await using var service = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["LOGFORGE_PIPELINE_VERSION"] = "1",
            ["LOGFORGE_STORAGE_BACKEND"] = "minio",
            ["LOGFORGE_API_KEYS"] = "secret-key-value",
        }, work.Path);

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("✗ LogForge: invalid configuration — ", line);
        Assert.Contains("LOGFORGE_STORAGE_BACKEND=minio", line);
        Assert.DoesNotContain("secret-key-value", line);
    }

    [Theory]
    [InlineData("a regular file stands where a parent directory should be", "file/data")]
    [InlineData("the data directory is a regular file", "file")]
    public async Task A_data_directory_that_cannot_be_created_stops_the_process_with_one_clear_line(string why, string relative)
    {
        using var work = new TempDirectory();
        File.WriteAllText(work.Combine("file"), why);
        var dataDir = work.Combine(relative);
        await using var service = ServiceProcess.Start(TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"✗ LogForge: invalid configuration — LOGFORGE_DATA_DIR={dataDir} cannot be created: ", line);
    }
}
