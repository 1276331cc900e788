using System.Diagnostics;
using Prometheus;

namespace LogForge.Api.Metrics;

/// <summary>
/// Pipeline v2's producer: how long a request's events take until their last delivery report, how many messages
/// wait for one (queued in librdkafka or awaiting the brokers' acks), and deliveries that failed. The in-flight
/// gauge is worked out at scrape time from two counts kept with one atomic add each.
/// </summary>
public sealed class KafkaProducerMetrics
{
    private readonly Histogram _produce;
    private readonly Counter _failures;
    private long _handedOver;
    private long _reported;

    public KafkaProducerMetrics(MetricsRegistry metrics)
    {
        var factory = metrics.Factory;
        _produce = factory.CreateHistogram("logforge_kafka_produce_duration_seconds",
            "Duration from producing a request's first event until the last delivery report of its events.",
            new HistogramConfiguration { Buckets = Buckets.ProduceSeconds });
        _failures = factory.CreateCounter("logforge_kafka_delivery_failures_total",
            "Events Kafka did not persist: a failed delivery report, or refused when produced (such as a full local queue).");
        var inFlight = factory.CreateGauge("logforge_kafka_producer_messages_in_flight",
            "Events handed to the producer whose delivery report has not come yet (queued or awaiting acks).");
        metrics.Registry.AddBeforeCollectCallback(() => inFlight.Set(Interlocked.Read(ref _handedOver) - Interlocked.Read(ref _reported)));
    }

    public void HandedOver(int messages) => Interlocked.Add(ref _handedOver, messages);

    /// <summary>Messages counted by <see cref="HandedOver"/> that the producer refused after all: no report will come for them.</summary>
    public void RefusedWhenProduced(int messages)
    {
        Interlocked.Add(ref _handedOver, -messages);
        _failures.Inc(messages);
    }

    public void Reported(bool persisted)
    {
        Interlocked.Increment(ref _reported);
        if (!persisted)
        {
            _failures.Inc();
        }
    }

    public void RequestDelivered(long startedTimestamp) => _produce.Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
}
