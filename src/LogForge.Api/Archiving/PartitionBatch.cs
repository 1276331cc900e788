using System.IO.Compression;
using Confluent.Kafka;
using LogForge.Api.Ingest;

namespace LogForge.Api.Archiving;

/// <summary>The consumed, not yet archived events of one partition: a contiguous offset range.</summary>
public sealed class PartitionBatch(TopicPartition partition, DateTimeOffset openedAt) : IDisposable
{
    private readonly PooledBufferWriter _lines = new(64 * 1024);

    public TopicPartition Partition { get; } = partition;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public long FirstOffset { get; private set; } = -1;

    public long LastOffset { get; private set; } = -1;

    public DateTime FirstTimestampUtc { get; private set; }

    public int Count { get; private set; }

    public void Add(ConsumeResult<Ignore, byte[]> result)
    {
        if (Count == 0)
        {
            FirstOffset = result.Offset.Value;
            FirstTimestampUtc = result.Message.Timestamp.UtcDateTime;
        }

        LastOffset = result.Offset.Value;
        Count++;
        var value = result.Message.Value ?? [];
        value.CopyTo(_lines.GetSpan(value.Length + 1));
        _lines.Advance(value.Length);
        _lines.Write((byte)'\n');
    }

    public string ObjectName => ArchiveObjectNames.For(FirstTimestampUtc, Partition.Partition.Value, FirstOffset, LastOffset);

    /// <summary>The events as gzip-compressed NDJSON.</summary>
    public MemoryStream Compress()
    {
        var compressed = new MemoryStream(_lines.WrittenCount / 4 + 1024);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_lines.WrittenSpan);
        }

        compressed.Position = 0;
        return compressed;
    }

    public void Dispose() => _lines.Dispose();
}
