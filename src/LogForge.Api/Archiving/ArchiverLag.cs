using Confluent.Kafka;
using LogForge.Api.Metrics;

namespace LogForge.Api.Archiving;

/// <summary>
/// logforge_archiver_lag_messages for each assigned partition: the partition's end offset (asked of the broker, not
/// the consumer's cached fetch state, which stops moving while the archiver is stuck retrying a store) minus the first
/// offset not yet stored in the bucket — the open batch's first offset, else the consumer's position, else the
/// committed offset, else the partition's start (auto.offset.reset=earliest). Kafka's consumer-group lag (end offset
/// minus committed offset) is the same number once the open batch is stored and committed.
/// </summary>
public sealed class ArchiverLag(ArchiverMetrics metrics, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TopicPartition, long> _committed = [];
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    /// <summary>Updates every partition's lag if <see cref="Interval"/> has passed since the last update, or with <paramref name="now"/>.</summary>
    public void Update(IConsumer<Ignore, byte[]> consumer, IReadOnlyDictionary<TopicPartition, PartitionBatch> batches, bool now = false)
    {
        var clock = time.GetUtcNow();
        if (!now && clock < _next)
        {
            return;
        }

        _next = clock + Interval;
        foreach (var partition in consumer.Assignment)
        {
            try
            {
                var offsets = consumer.QueryWatermarkOffsets(partition, QueryTimeout);
                var next = batches.TryGetValue(partition, out var batch) && batch.Count > 0
                    ? batch.FirstOffset
                    : NotArchivedFrom(consumer, partition, offsets.Low);
                metrics.Lag(partition.Topic, partition.Partition.Value, Math.Max(0, offsets.High.Value - next));
            }
            catch (KafkaException)
            {
                // The broker did not answer in time: the gauge keeps its last value until the next update.
            }
        }
    }

    /// <summary>Offsets below <paramref name="offset"/> of <paramref name="partition"/> are stored and committed.</summary>
    public void Committed(TopicPartition partition, long offset) => _committed[partition] = offset;

    public void Forget(TopicPartition partition)
    {
        _committed.Remove(partition);
        metrics.Forget(partition.Topic, partition.Partition.Value);
    }

    private long NotArchivedFrom(IConsumer<Ignore, byte[]> consumer, TopicPartition partition, Offset low)
    {
        var position = consumer.Position(partition);
        if (!position.IsSpecial)
        {
            return position.Value;
        }

        if (!_committed.TryGetValue(partition, out var committed))
        {
            var stored = consumer.Committed([partition], QueryTimeout).Single().Offset;
            committed = stored.IsSpecial ? low.Value : stored.Value;
            _committed[partition] = committed;
        }

        return committed;
    }
}
