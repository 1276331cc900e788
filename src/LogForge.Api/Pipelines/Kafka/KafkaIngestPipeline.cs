using System.Diagnostics;
using Confluent.Kafka;
using LogForge.Api.Configuration;
using LogForge.Api.Ingest;
using LogForge.Api.Metrics;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Pipelines.Kafka;

/// <summary>
/// Pipeline v2: produces each event to the topic (acks=all, idempotent, lz4, batched) and completes
/// only when the delivery report of every event of the request says persisted.
/// </summary>
public sealed partial class KafkaIngestPipeline : IIngestPipeline, IHostedService, IDisposable
{
    private readonly IProducer<Null, byte[]> _producer;
    private readonly string _topic;
    private readonly ILogger<KafkaIngestPipeline> _logger;
    private readonly KafkaProducerMetrics _metrics;

    // The flush at stop and the disposal of the producer never overlap, and a disposed producer is not flushed. A host can
    // be stopped twice at once — WebApplicationFactory's dispose stops it while Program's RunAsync, woken by the same stop,
    // stops it too and then disposes the services — and librdkafka's handle must not be destroyed under a running flush.
    private readonly Lock _lifecycle = new();
    private bool _disposed;

    public KafkaIngestPipeline(IOptions<LogForgeOptions> options, ILogger<KafkaIngestPipeline> logger, KafkaProducerMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
        _topic = options.Value.KafkaTopic;
        _producer = new ProducerBuilder<Null, byte[]>(KafkaConfigs.Producer(options.Value))
            .SetErrorHandler((_, error) => LogKafkaError(error.Code, error.Reason))
            .SetLogHandler((_, message) => LogLibrdkafka(message.Facility, message.Message))
            .Build();
    }

    public Task PersistAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var deliveries = new DeliveryCountdown(batch.Count, _metrics);
        _metrics.HandedOver(batch.Count);
        var produced = 0;
        try
        {
            for (; produced < batch.Count; produced++)
            {
                _producer.Produce(_topic, new Message<Null, byte[]> { Value = batch.Event(produced).ToArray() }, deliveries.OnDelivered);
            }
        }
        catch (KafkaException ex)
        {
            // ProduceException is a KafkaException too. The events not produced get no delivery report.
            _metrics.RefusedWhenProduced(batch.Count - produced);
            throw new PipelineUnavailableException($"Kafka refused the events: {ex.Error.Reason}", ex);
        }

        return deliveries.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarted(_topic);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            var remaining = _producer.Flush(TimeSpan.FromSeconds(10));
            if (remaining > 0)
            {
                LogUnflushed(remaining);
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _producer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka pipeline producing to topic {Topic}")]
    private partial void LogStarted(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
    private partial void LogKafkaError(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private partial void LogLibrdkafka(string facility, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Remaining} messages were still undelivered at shutdown")]
    private partial void LogUnflushed(int remaining);

    /// <summary>Completes when all delivery reports of one request are in; fails if any of them is an error.</summary>
    private sealed class DeliveryCountdown(int count, KafkaProducerMetrics metrics)
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly long _started = Stopwatch.GetTimestamp();
        private int _remaining = count;

        public Task Task => _completion.Task;

        public void OnDelivered(DeliveryReport<Null, byte[]> report)
        {
            var persisted = !report.Error.IsError && report.Status == PersistenceStatus.Persisted;
            metrics.Reported(persisted);
            if (!persisted)
            {
                _completion.TrySetException(new PipelineUnavailableException($"Kafka did not persist the events: {report.Error.Reason}"));
                return;
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                metrics.RequestDelivered(_started);
                _completion.TrySetResult();
            }
        }
    }
}
