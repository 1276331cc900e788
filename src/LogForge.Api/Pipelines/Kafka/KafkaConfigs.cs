using Confluent.Kafka;
using LogForge.Api.Configuration;

namespace LogForge.Api.Pipelines.Kafka;

/// <summary>The librdkafka settings LogForge runs with, in one place.</summary>
public static class KafkaConfigs
{
    /// <summary>How long a produce may wait for the brokers before the request gets a 503.</summary>
    public const int DeliveryTimeoutMs = 15_000;

    public static ProducerConfig Producer(LogForgeOptions options) => new()
    {
        BootstrapServers = options.KafkaBootstrapServers,
        ClientId = "logforge-api",
        Acks = Acks.All,
        EnableIdempotence = true,
        CompressionType = CompressionType.Lz4,
        LingerMs = 2,
        BatchSize = 1_000_000,
        MessageTimeoutMs = DeliveryTimeoutMs,
        QueueBufferingMaxKbytes = 256 * 1024,
    };

    public static ConsumerConfig Consumer(LogForgeOptions options) => new()
    {
        BootstrapServers = options.KafkaBootstrapServers,
        ClientId = "logforge-archiver",
        GroupId = options.KafkaConsumerGroup,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnablePartitionEof = false,
    };

    public static AdminClientConfig Admin(LogForgeOptions options) => new()
    {
        BootstrapServers = options.KafkaBootstrapServers,
        ClientId = "logforge-readiness",
    };
}
