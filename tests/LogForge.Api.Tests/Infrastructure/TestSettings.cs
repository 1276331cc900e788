namespace LogForge.Api.Tests.Infrastructure;

/// <summary>Settings (as LogForge:Name keys) for the service under test.</summary>
public static class TestSettings
{
    public const string KeyOne = "test-key-one";
    public const string KeyTwo = "test-key-two";

    public static Dictionary<string, string?> FilePipeline(string dataDir) => new()
    {
        ["LogForge:Environment"] = "test",
        ["LogForge:PipelineVersion"] = "1",
        ["LogForge:StorageBackend"] = "file",
        ["LogForge:DataDir"] = dataDir,
        ["LogForge:ApiKeys"] = $"{KeyOne},{KeyTwo}",
    };

    public static Dictionary<string, string?> KafkaPipeline(string bootstrapServers, string topic, S3rver s3, string bucket) => new()
    {
        ["LogForge:Environment"] = "test",
        ["LogForge:PipelineVersion"] = "2",
        ["LogForge:StorageBackend"] = "minio",
        ["LogForge:KafkaEnabled"] = "true",
        ["LogForge:KafkaBootstrapServers"] = bootstrapServers,
        ["LogForge:KafkaTopic"] = topic,
        ["LogForge:KafkaConsumerGroup"] = "archiver-" + topic,
        ["LogForge:MinioEndpoint"] = s3.Endpoint,
        ["LogForge:MinioBucket"] = bucket,
        ["LogForge:MinioAccessKey"] = S3rver.AccessKey,
        ["LogForge:MinioSecretKey"] = S3rver.SecretKey,
        ["LogForge:ApiKeys"] = $"{KeyOne},{KeyTwo}",
    };

    /// <summary>The same settings as LOGFORGE_* environment variables, for a child process.</summary>
    public static Dictionary<string, string?> AsEnvironment(IReadOnlyDictionary<string, string?> settings) =>
        settings.ToDictionary(
            pair => "LOGFORGE_" + string.Concat(pair.Key["LogForge:".Length..].Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
            pair => pair.Value);
}
