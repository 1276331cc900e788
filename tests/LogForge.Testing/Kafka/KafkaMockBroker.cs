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

    public void Dispose() => _admin.Dispose();
}
