using Microsoft.Extensions.Options;

namespace LogForge.Api.Configuration;

/// <summary>Rejects invalid combinations at start; each failure names the variable to fix.</summary>
public sealed class LogForgeOptionsValidator(ServiceRole role) : IValidateOptions<LogForgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LogForgeOptions o)
    {
        var failures = new List<string>();
        var backend = o.StorageBackend?.Trim().ToLowerInvariant();

        if (o.PipelineVersion is not (1 or 2))
        {
            failures.Add($"LOGFORGE_PIPELINE_VERSION must be 1 or 2, not {o.PipelineVersion}");
        }

        if (backend is not ("file" or "minio"))
        {
            failures.Add($"LOGFORGE_STORAGE_BACKEND must be file or minio, not '{o.StorageBackend}'");
        }

        if (o.PipelineVersion == 1)
        {
            if (backend == "minio")
            {
                failures.Add("pipeline 1 writes files: LOGFORGE_STORAGE_BACKEND=minio needs LOGFORGE_PIPELINE_VERSION=2");
            }

            if (o.KafkaEnabled)
            {
                failures.Add("pipeline 1 uses no Kafka: set LOGFORGE_KAFKA_ENABLED=false or LOGFORGE_PIPELINE_VERSION=2");
            }

            if (role == ServiceRole.Archiver)
            {
                failures.Add("the archiver role needs LOGFORGE_PIPELINE_VERSION=2");
            }

            if (string.IsNullOrWhiteSpace(o.DataDir))
            {
                failures.Add("LOGFORGE_DATA_DIR is empty");
            }

            if (o.FileFsync?.Trim().ToLowerInvariant() is not ("always" or "never"))
            {
                failures.Add($"LOGFORGE_FILE_FSYNC must be always or never, not '{o.FileFsync}'");
            }

            if (o.FileMaxBytes < 4096)
            {
                failures.Add($"LOGFORGE_FILE_MAX_BYTES must be at least 4096, not {o.FileMaxBytes}");
            }
        }

        if (o.PipelineVersion == 2)
        {
            if (!o.KafkaEnabled)
            {
                failures.Add("pipeline 2 needs LOGFORGE_KAFKA_ENABLED=true");
            }

            if (backend == "file")
            {
                failures.Add("pipeline 2 archives to MinIO: set LOGFORGE_STORAGE_BACKEND=minio");
            }

            Require(failures, o.KafkaBootstrapServers, "LOGFORGE_KAFKA_BOOTSTRAP_SERVERS", "pipeline 2");
            Require(failures, o.KafkaTopic, "LOGFORGE_KAFKA_TOPIC", "pipeline 2");
            Require(failures, o.MinioEndpoint, "LOGFORGE_MINIO_ENDPOINT", "pipeline 2");
            Require(failures, o.MinioBucket, "LOGFORGE_MINIO_BUCKET", "pipeline 2");
            Require(failures, o.MinioAccessKey, "LOGFORGE_MINIO_ACCESS_KEY", "pipeline 2");
            Require(failures, o.MinioSecretKey, "LOGFORGE_MINIO_SECRET_KEY", "pipeline 2");
            if (role == ServiceRole.Archiver)
            {
                Require(failures, o.KafkaConsumerGroup, "LOGFORGE_KAFKA_CONSUMER_GROUP", "the archiver");
            }
        }

        if (role == ServiceRole.Api)
        {
            ValidateApiKeys(failures, o);
        }

        if (o.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add($"LOGFORGE_MAX_BODY_BYTES must be between 1024 and 67108864, not {o.MaxBodyBytes}");
        }

        if (o.MaxEventsPerRequest < 1)
        {
            failures.Add($"LOGFORGE_MAX_EVENTS_PER_REQUEST must be at least 1, not {o.MaxEventsPerRequest}");
        }

        if (o.ArchiverMaxEvents < 1 || o.ArchiverFlushSeconds < 1)
        {
            failures.Add("LOGFORGE_ARCHIVER_MAX_EVENTS and LOGFORGE_ARCHIVER_FLUSH_SECONDS must be at least 1");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateApiKeys(List<string> failures, LogForgeOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.ApiKeysFile) && !File.Exists(o.ApiKeysFile))
        {
            failures.Add($"LOGFORGE_API_KEYS_FILE points at a missing file: {o.ApiKeysFile}");
            return;
        }

        if (ApiKeysSource.Load(o).Count == 0)
        {
            failures.Add("no API keys: set LOGFORGE_API_KEYS (comma-separated) or LOGFORGE_API_KEYS_FILE (one key per line)");
        }
    }

    private static void Require(List<string> failures, string? value, string variable, string who)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{who} needs {variable}");
        }
    }
}
