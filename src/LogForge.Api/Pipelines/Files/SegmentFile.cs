using System.Diagnostics;

namespace LogForge.Api.Pipelines.Files;

/// <summary>
/// One open NDJSON file, appended to with positional gather writes and fsync. An append that fails is
/// taken back out — the file is truncated to where the append started and fsynced — so the file only
/// ever holds whole, acknowledged groups. If even that fails, the segment refuses further appends until
/// a later attempt succeeds.
/// </summary>
public sealed class SegmentFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly FileIdentity _identity;
    private long? _pendingTruncation;

    private SegmentFile(FileStream stream, string path, DateOnly day, int number, long length, long cutOnOpen)
    {
        _stream = stream;
        _identity = DurableFiles.IdentityOf(stream.SafeFileHandle);
        Path = path;
        Day = day;
        Number = number;
        Length = length;
        CutOnOpen = cutOnOpen;
    }

    public string Path { get; }

    public DateOnly Day { get; }

    public int Number { get; }

    /// <summary>Bytes of acknowledged data: where the next append starts.</summary>
    public long Length { get; private set; }

    /// <summary>Bytes of a torn last line cut off when the file was opened (0 for a clean file).</summary>
    public long CutOnOpen { get; }

    /// <summary>Opens (or creates, and then fsyncs the directory) the file and cuts off a torn last line left by a crash mid-write.</summary>
    public static SegmentFile Open(string directory, DateOnly day, int number)
    {
        var path = System.IO.Path.Combine(directory, DailySegments.FileName(day, number));
        var created = !File.Exists(path);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            if (created)
            {
                DurableFiles.SyncDirectory(directory);
            }

            var cut = TornLines.Cut(stream);
            return new SegmentFile(stream, path, day, number, stream.Length, cut);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the buffers at the end of the acknowledged data and, with <paramref name="sync"/>, fsyncs; returns how long
    /// the fsync took (null without one). On any failure the bytes are taken back out before the exception leaves.
    /// </summary>
    public TimeSpan? Append(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long totalBytes, bool sync)
    {
        TimeSpan? fsync = null;
        if (_pendingTruncation is { } pending)
        {
            TruncateTo(pending);
        }

        try
        {
            RandomAccess.Write(_stream.SafeFileHandle, buffers, Length);
            if (sync)
            {
                var started = Stopwatch.GetTimestamp();
                DurableFiles.Sync(_stream);
                fsync = Stopwatch.GetElapsedTime(started);
            }
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A write can fail part-way (ENOSPC, EFBIG after a short write) and fsync can fail after a
            // complete write (EIO): either way, what this append left must not stay in the file.
            try
            {
                TruncateTo(Length);
            }
            catch (Exception undo) when (undo is not OutOfMemoryException)
            {
                throw new IOException($"Appending to {Path} failed ({failure.Message}) and taking the append back out failed too ({undo.Message}).", failure);
            }

            throw;
        }

        Length += totalBytes;
        return fsync;
    }

    /// <summary>Cuts the file back to <paramref name="length"/> bytes and fsyncs it.</summary>
    public void TruncateTo(long length)
    {
        _pendingTruncation = length;
        _stream.SetLength(length);
        DurableFiles.Sync(_stream);
        _pendingTruncation = null;
        Length = length;
    }

    /// <summary>
    /// Whether the segment's path still leads to this open file. False once it was deleted (directly or
    /// with its directory) or moved away: what is written to it then is out of the directory's reach.
    /// </summary>
    public bool IsAtItsPath() => DurableFiles.IdentityAt(Path) == _identity;

    public void Dispose() => _stream.Dispose();
}
