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

    // Requests waiting for the next group. The writer thread swaps this list for an empty one under
    // the lock, so everything queued while the previous write + fsync ran goes into the next group.
    private readonly object _gate = new();
    private List<PendingWrite> _queued = new(256);
    private bool _writerWaiting;
    private bool _stopping;

    private Thread? _loop;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        lock (_gate)
        {
            if (_loop is null || _stopping)
            {
                throw new PipelineUnavailableException("The file writer is not running.");
            }

            if (_queued.Count >= QueueCapacity)
            {
                throw new PipelineUnavailableException("The file writer is saturated.");
            }

            _queued.Add(pending);
            if (_writerWaiting)
            {
                _writerWaiting = false;
                Monitor.Pulse(_gate);
            }
        }

        return pending.Completion.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        LogStarted(Directory, _options.FsyncAlways ? "always" : "never", _options.FileMaxBytes);
        lock (_gate)
        {
            // A thread of its own: the loop blocks in write and fsync, which must not take a thread-pool thread.
            _loop = new Thread(Run) { IsBackground = true, Name = "logforge-file-writer" };
            _loop.Start();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        if (_loop is not null)
        {
            await _stopped.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        Stop();
        if (_loop is not null && _loop != Thread.CurrentThread)
        {
            _loop.Join(TimeSpan.FromSeconds(10));
        }

        _current?.Dispose();
        _current = null;
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        try
        {
            var spare = new List<PendingWrite>(256);
            while (NextGroup(ref spare) is { } group)
            {
                for (var start = 0; start < group.Count;)
                {
                    start = WriteAndComplete(group, start);
                }

                group.Clear();
                spare = group;
            }

            _current?.Dispose();
            _current = null;
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Waits for queued requests and takes all of them; null once stopping and nothing is left.</summary>
    private List<PendingWrite>? NextGroup(ref List<PendingWrite> spare)
    {
        lock (_gate)
        {
            while (_queued.Count == 0)
            {
                if (_stopping)
                {
                    return null;
                }

                _writerWaiting = true;
                Monitor.Wait(_gate);
                _writerWaiting = false;
            }

            var group = _queued;
            _queued = spare;
            return group;
        }
    }

    /// <summary>Writes one group (at most <see cref="MaxGroupRequests"/> requests, about <see cref="MaxGroupBytes"/>) from <paramref name="start"/>, syncs it, completes its requests; returns where the next group starts.</summary>
    private int WriteAndComplete(List<PendingWrite> queued, int start)
    {
        var buffers = new List<ReadOnlyMemory<byte>>(Math.Min(queued.Count - start, MaxGroupRequests));
        long bytes = 0;
        var end = start;
        while (end < queued.Count && end - start < MaxGroupRequests && bytes < MaxGroupBytes)
        {
            buffers.Add(queued[end].Data);
            bytes += queued[end].Data.Length;
            end++;
        }

        try
        {
            WriteGroup(buffers, bytes);
            for (var i = start; i < end; i++)
            {
                queued[i].Completion.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(ex, Directory);
            _current?.Dispose();
            _current = null;
            var failure = new PipelineUnavailableException("Writing to the data directory failed.", ex);
            for (var i = start; i < end; i++)
            {
                queued[i].Completion.TrySetException(failure);
            }
        }

        return end;
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
