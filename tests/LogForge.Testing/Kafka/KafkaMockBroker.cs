using Confluent.Kafka;

namespace LogForge.Testing.Kafka;

/// <summary>
/// librdkafka's mock cluster (Confluent.Kafka, <c>test.mock.num.brokers=1</c>): one broker speaking the Kafka protocol over
/// TCP on 127.0.0.1, reachable by other processes too (a LogForge started by a test). It lives as long as the admin client
/// that created it. Topics auto-create; CreateTopicsAsync hangs against it (docs in design.md §2) — never call it.
/// </summary>
public sealed class KafkaMockBroker : IDisposable
{
    private readonly IAdminClient _admin;

    public KafkaMockBroker()
    {
        var config = new AdminClientConfig { BootstrapServers = "localhost:1" };
        config.Set("test.mock.num.brokers", "1");
        _admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        var broker = _admin.GetMetadata(TimeSpan.FromSeconds(5)).Brokers.Single();
        BootstrapServers = $"{broker.Host}:{broker.Port}";
    }

    /// <summary>host:port of the broker.</summary>
    public string BootstrapServers { get; }

    /// <summary>Every message of the topic (partition 0 of a mock-cluster topic), read by assignment.</summary>
    public List<string> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var partitions = _admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.Single().Partitions;
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)));
        var messages = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is not null)
            {
                messages.Add(result.Message.Value);
            }
        }

        return messages;
    }

    public List<TopicPartitionOffset> Committed(string topic, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group })
            .SetLogHandler((_, _) => { }).Build();
        var partitions = _admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.Single().Partitions;
        return consumer.Committed(partitions.Select(p => new TopicPartition(topic, p.PartitionId)), TimeSpan.FromSeconds(5));
    }

    public void Dispose() => _admin.Dispose();
}
