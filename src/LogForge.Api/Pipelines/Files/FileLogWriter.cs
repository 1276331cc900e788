using System.Threading.Channels;
using LogForge.Api.Configuration;
using LogForge.Api.Ingest;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Pipelines.Files;

/// <summary>
/// Pipeline v1: appends NDJSON to one file per UTC day with group commit — every request queued while
/// the previous write ran shares the next write and the next fsync; each request completes only
/// after the fsync that covers it.
/// </summary>
public sealed partial class FileLogWriter : IIngestPipeline, IHostedService, IDisposable
{
    private const int QueueCapacity = 8192;
    private const int MaxGroupRequests = 4096;
    private const long MaxGroupBytes = 32L * 1024 * 1024;

    private readonly LogForgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FileLogWriter> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private Task? _loop;
    private SegmentFile? _current;

    public FileLogWriter(IOptions<LogForgeOptions> options, TimeProvider time, ILogger<FileLogWriter> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        Directory = Path.GetFullPath(_options.DataDir);
    }

    public string Directory { get; }

    public Task PersistAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(batch.Ndjson);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new PipelineUnavailableException(_loop is { IsCompleted: false } ? "The file writer is saturated." : "The file writer is not running.");
        }

        return pending.Completion.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        LogStarted(Directory, _options.FsyncAlways ? "always" : "never", _options.FileMaxBytes);
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _current?.Dispose();
        _current = null;
    }

    private async Task RunAsync()
    {
        var group = new List<PendingWrite>(256);
        var buffers = new List<ReadOnlyMemory<byte>>(256);
        while (await _queue.Reader.WaitToReadAsync())
        {
            long bytes = 0;
            while (group.Count < MaxGroupRequests && bytes < MaxGroupBytes && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                buffers.Add(pending.Data);
                bytes += pending.Data.Length;
            }

            try
            {
                WriteGroup(buffers, bytes);
                foreach (var pending in group)
                {
                    pending.Completion.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogWriteFailed(ex, Directory);
                _current?.Dispose();
                _current = null;
                var failure = new PipelineUnavailableException("Writing to the data directory failed.", ex);
                foreach (var pending in group)
                {
                    pending.Completion.TrySetException(failure);
                }
            }

            group.Clear();
            buffers.Clear();
        }

        _current?.Dispose();
        _current = null;
    }

    private void WriteGroup(List<ReadOnlyMemory<byte>> buffers, long bytes)
    {
        var file = SegmentFor(bytes);
        file.Append(buffers, bytes);
        if (_options.FsyncAlways)
        {
            file.FlushToDisk();
        }
    }

    private SegmentFile SegmentFor(long bytes)
    {
        var day = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (_current is not null && _current.Day == day && (_current.Length == 0 || _current.Length + bytes <= _options.FileMaxBytes))
        {
            return _current;
        }

        var number = _current is not null && _current.Day == day
            ? _current.Number + 1
            : DailySegments.LatestNumber(Directory, day);
        _current?.Dispose();
        _current = SegmentFile.Open(Directory, day, number);
        if (_current.Length > 0 && _current.Length + bytes > _options.FileMaxBytes)
        {
            _current.Dispose();
            _current = SegmentFile.Open(Directory, day, number + 1);
        }

        return _current;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "File pipeline writing to {DataDir} (fsync {Fsync}, rotate past {MaxBytes} bytes)")]
    private partial void LogStarted(string dataDir, string fsync, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing to {DataDir} failed; the requests of this group get 503")]
    private partial void LogWriteFailed(Exception exception, string dataDir);

    private sealed class PendingWrite(ReadOnlyMemory<byte> data)
    {
        public ReadOnlyMemory<byte> Data { get; } = data;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
