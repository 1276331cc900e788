namespace LogForge.Api.Configuration;

/// <summary>
/// Every setting of the service, bound from the section <c>LogForge</c>. Environment variables
/// <c>LOGFORGE_SNAKE_CASE</c> map onto the property of the same name (see docs/configuration.md).
/// </summary>
public sealed class LogForgeOptions
{
    public const string SectionName = "LogForge";

    public string Environment { get; set; } = "local";
    public string? Version { get; set; }
    public string? Commit { get; set; }

    public int PipelineVersion { get; set; } = 1;
    public string StorageBackend { get; set; } = "file";

    public string DataDir { get; set; } = "./data";
    public string FileFsync { get; set; } = "always";
    public long FileMaxBytes { get; set; } = 268_435_456;

    public bool KafkaEnabled { get; set; }
    public string? KafkaBootstrapServers { get; set; }
    public string KafkaTopic { get; set; } = "logforge-logs";
    public string KafkaConsumerGroup { get; set; } = "logforge-archiver";

    public string? MinioEndpoint { get; set; }
    public string? MinioBucket { get; set; }
    public bool MinioUseSsl { get; set; }
    public string? MinioAccessKey { get; set; }
    public string? MinioSecretKey { get; set; }

    public string? ApiKeys { get; set; }
    public string? ApiKeysFile { get; set; }

    public int MaxBodyBytes { get; set; } = 1_048_576;
    public int MaxEventsPerRequest { get; set; } = 10_000;

    public int ArchiverMaxEvents { get; set; } = 10_000;
    public int ArchiverFlushSeconds { get; set; } = 10;

    public bool FsyncAlways => string.Equals(FileFsync, "always", StringComparison.OrdinalIgnoreCase);
    public bool UsesKafkaPipeline => PipelineVersion == 2;
}
