using LogForge.Api.Configuration;
using LogForge.Api.Ingest;
using LogForge.Api.Metrics;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Pipelines.Files;

/// <summary>
/// Pipeline v1: appends NDJSON to one file per UTC day with group commit — every request queued while
/// the previous write ran shares the next write and the next fsync; each request completes only
/// after the fsync that covers it, and only if the segment is still where a reader of the directory
/// finds it. A group whose write or fsync fails is taken back out of the file before its requests get 503.
/// </summary>
public sealed partial class FileLogWriter : IIngestPipeline, IHostedService, IDisposable
{
    private const int QueueCapacity = 8192;
    private const int MaxGroupRequests = 4096;
    private const long MaxGroupBytes = 32L * 1024 * 1024;

    private readonly LogForgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FileLogWriter> _logger;
    private readonly FilePipelineMetrics _metrics;

    // Requests waiting for the next group. The writer thread swaps this list for an empty one under
    // the lock, so everything queued while the previous write + fsync ran goes into the next group.
    private readonly object _gate = new();
    private List<PendingWrite> _queued = new(256);
    private bool _writerWaiting;
    private bool _stopping;

    private Thread? _loop;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SegmentFile? _current;
    private int _refusedGroups;

    public FileLogWriter(IOptions<LogForgeOptions> options, TimeProvider time, ILogger<FileLogWriter> logger, FilePipelineMetrics metrics)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
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
        // The directory itself was created (or found uncreatable) when the options were validated.
        LogStarted(Directory, _options.FsyncAlways ? "always" : "never", _options.FileMaxBytes);
        CutTornLines();
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

        CloseSegment();
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

            CloseSegment();
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

    /// <summary>Writes one group (at most <see cref="MaxGroupRequests"/> requests, about <see cref="MaxGroupBytes"/>) from
    /// <paramref name="start"/>, syncs it, completes its requests; returns where the next group starts.</summary>
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

        TimeSpan? fsync;
        try
        {
            fsync = WriteGroup(buffers, bytes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any failure (ENOSPC, EIO, EFBIG — which .NET raises as ArgumentOutOfRangeException —, a
            // missing directory) refuses the group; the writer thread itself must keep running.
            _metrics.Failed();
            Refuse(queued, start, end, ex);
            return end;
        }

        _metrics.Committed(end - start, bytes, fsync);

        if (_refusedGroups > 0)
        {
            LogWritingAgain(Directory, _refusedGroups);
            _refusedGroups = 0;
        }

        for (var i = start; i < end; i++)
        {
            queued[i].Completion.TrySetResult();
        }

        return end;
    }

    /// <summary>The group is not in any file (the segment took it back out): every request of it gets 503.</summary>
    private void Refuse(List<PendingWrite> queued, int start, int end, Exception ex)
    {
        var directoryGone = !System.IO.Directory.Exists(Directory);
        if (_refusedGroups++ == 0)
        {
            LogWriteFailed(ex, Directory);
        }

        var failure = new PipelineUnavailableException(
            directoryGone ? "The data directory does not exist." : "Writing to the data directory failed.", ex);
        for (var i = start; i < end; i++)
        {
            queued[i].Completion.TrySetException(failure);
        }
    }

    /// <summary>Appends the group to the segment at its path; returns the fsync's duration (null when fsync is off).</summary>
    private TimeSpan? WriteGroup(List<ReadOnlyMemory<byte>> buffers, long bytes)
    {
        for (var attempt = 1; ; attempt++)
        {
            var file = SegmentFor(bytes);
            var start = file.Length;
            var fsync = file.Append(buffers, bytes, _options.FsyncAlways);
            if (IsAtItsPath(file, start))
            {
                return fsync;
            }

            // Deleted or moved away while open (rm -rf of the directory, a rotation by hand): a reader of
            // the directory would not find the group there. Take it back out (a moved file is still read
            // by someone) and write it again into a segment at its path.
            LogSegmentGone(file.Path);
            try
            {
                file.TruncateTo(start);
            }
            finally
            {
                CloseSegment();
            }

            if (attempt == 2)
            {
                throw new IOException($"{file.Path} disappeared again right after it was opened.");
            }
        }
    }

    /// <summary>Whether the group just appended at <paramref name="start"/> is where readers find it; if that cannot be told,
    /// the group is taken back out and the failure thrown.</summary>
    private static bool IsAtItsPath(SegmentFile file, long start)
    {
        try
        {
            return file.IsAtItsPath();
        }
        catch
        {
            file.TruncateTo(start);
            throw;
        }
    }
}
