using Confluent.Kafka;
using LogForge.Api.Configuration;
using LogForge.Api.Metrics;
using LogForge.Api.Pipelines.Kafka;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Api.Archiving;

/// <summary>
/// The archiver role: consumes the topic in a consumer group and stores each partition's events as a
/// gzip NDJSON object, committing the offsets only after the object is stored (at-least-once).
/// Batches of revoked partitions are dropped uncommitted: their next owner reads them again.
/// </summary>
public sealed partial class ArchiverService(
    IOptions<LogForgeOptions> options,
    IMinioClient minio,
    TimeProvider time,
    ArchiverMetrics metrics,
    ILogger<ArchiverService> logger) : BackgroundService
{
    private readonly LogForgeOptions _options = options.Value;
    private readonly ArchiverLag _lag = new(metrics, time);
    private readonly Dictionary<TopicPartition, PartitionBatch> _batches = [];
    private readonly ILogger<ArchiverService> _logger = logger;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaConfigs.Consumer(_options))
            .SetPartitionsRevokedHandler((_, revoked) => Drop(revoked.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, lost) => Drop(lost.Select(p => p.TopicPartition)))
            .SetErrorHandler((_, error) => LogKafkaError(error.Code, error.Reason))
            .Build();
        consumer.Subscribe(_options.KafkaTopic);
        LogStarted(_options.KafkaTopic, _options.KafkaConsumerGroup, _options.MinioBucket!);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                    if (result?.Message is not null)
                    {
                        BatchFor(result.TopicPartition).Add(result);
                    }
                }
                catch (ConsumeException ex)
                {
                    LogKafkaError(ex.Error.Code, ex.Error.Reason);
                }

                ArchiveDue(consumer, force: false, stoppingToken);
                _lag.Update(consumer, _batches);
            }
        }
        finally
        {
            ArchiveDue(consumer, force: true, CancellationToken.None);
            consumer.Close();
            Drop(_batches.Keys.ToList());
        }
    }

    private PartitionBatch BatchFor(TopicPartition partition)
    {
        if (!_batches.TryGetValue(partition, out var batch))
        {
            batch = new PartitionBatch(partition, time.GetUtcNow());
            _batches[partition] = batch;
        }

        return batch;
    }

    private void ArchiveDue(IConsumer<Ignore, byte[]> consumer, bool force, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var flushAfter = TimeSpan.FromSeconds(_options.ArchiverFlushSeconds);
        foreach (var batch in _batches.Values.ToList())
        {
            if (!force && batch.Count < _options.ArchiverMaxEvents && now - batch.OpenedAt < flushAfter)
            {
                continue;
            }

            // Retries until stored; while it retries nothing more is consumed, so memory stays bounded.
            while (!TryArchive(consumer, batch) && !force && !stoppingToken.IsCancellationRequested)
            {
                _lag.Update(consumer, _batches);
                stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }

    private bool TryArchive(IConsumer<Ignore, byte[]> consumer, PartitionBatch batch)
    {
        var name = batch.ObjectName;
        try
        {
            using var content = batch.Compress();
            var bytes = content.Length;
            minio.PutObjectAsync(new PutObjectArgs()
                    .WithBucket(_options.MinioBucket)
                    .WithObject(name)
                    .WithStreamData(content)
                    .WithObjectSize(content.Length)
                    .WithContentType("application/gzip"))
                .GetAwaiter().GetResult();
            metrics.Stored(bytes, batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.StoreFailed();
            LogStoreFailed(ex, name);
            return false;
        }

        try
        {
            consumer.Commit([new TopicPartitionOffset(batch.Partition, new Offset(batch.LastOffset + 1))]);
            _lag.Committed(batch.Partition, batch.LastOffset + 1);
            LogArchived(name, batch.Count);
        }
        catch (KafkaException ex)
        {
            // The object is stored; a replay of the range writes the same name again.
            metrics.CommitFailed();
            LogCommitFailed(ex, name);
        }

        _batches.Remove(batch.Partition);
        batch.Dispose();
        _lag.Update(consumer, _batches, now: true);
        return true;
    }

    private void Drop(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _lag.Forget(partition);
            if (_batches.Remove(partition, out var batch))
            {
                batch.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archiver consuming {Topic} as group {Group} into bucket {Bucket}")]
    private partial void LogStarted(string topic, string group, string bucket);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived {Count} events as {ObjectName}")]
    private partial void LogArchived(string objectName, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {ObjectName} failed; retrying")]
    private partial void LogStoreFailed(Exception exception, string objectName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing the offsets of {ObjectName} failed; the range will be archived again")]
    private partial void LogCommitFailed(Exception exception, string objectName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
    private partial void LogKafkaError(ErrorCode code, string reason);
}
