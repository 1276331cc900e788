using Confluent.Kafka;
using LogForge.Api.Configuration;
using LogForge.Api.Pipelines.Kafka;

namespace LogForge.Api.Readiness;

/// <summary>v2: the brokers answer a metadata request for the topic and it has partitions.</summary>
public sealed class KafkaTopicCheck(LogForgeOptions options) : IReadinessCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(KafkaConfigs.Admin(options))
        .SetLogHandler((_, _) => { })
        .SetErrorHandler((_, _) => { })
        .Build());

    public string Name => "kafka";

    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        try
        {
            var metadata = _admin.Value.GetMetadata(options.KafkaTopic, TimeSpan.FromSeconds(2));
            var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.KafkaTopic);
            if (topic is null || topic.Error.IsError)
            {
                return $"topic {options.KafkaTopic}: {topic?.Error.Reason ?? "not in the metadata"}";
            }

            return topic.Partitions.Count == 0 ? $"topic {options.KafkaTopic} has no partitions" : null;
        }
        catch (KafkaException ex)
        {
            return $"brokers {options.KafkaBootstrapServers}: {ex.Error.Reason}";
        }
    }, cancellationToken);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
