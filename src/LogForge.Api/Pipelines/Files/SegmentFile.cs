namespace LogForge.Api.Pipelines.Files;

/// <summary>One open NDJSON file appended to with positional gather writes and flushed with fsync.</summary>
public sealed class SegmentFile : IDisposable
{
    private readonly FileStream _stream;

    private SegmentFile(FileStream stream, string path, DateOnly day, int number, long length)
    {
        _stream = stream;
        Path = path;
        Day = day;
        Number = number;
        Length = length;
    }

    public string Path { get; }

    public DateOnly Day { get; }

    public int Number { get; }

    public long Length { get; private set; }

    /// <summary>Opens (or creates) the file and cuts off a torn last line left by a crash mid-write.</summary>
    public static SegmentFile Open(string directory, DateOnly day, int number)
    {
        var path = System.IO.Path.Combine(directory, DailySegments.FileName(day, number));
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var length = EndOfLastCompleteLine(stream);
            if (length != stream.Length)
            {
                stream.SetLength(length);
                stream.Flush(flushToDisk: true);
            }

            return new SegmentFile(stream, path, day, number, length);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Append(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long totalBytes)
    {
        RandomAccess.Write(_stream.SafeFileHandle, buffers, Length);
        Length += totalBytes;
    }

    public void FlushToDisk() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();

    private static long EndOfLastCompleteLine(FileStream stream)
    {
        var end = stream.Length;
        var chunk = new byte[64 * 1024];
        while (end > 0)
        {
            var start = Math.Max(0, end - chunk.Length);
            var count = RandomAccess.Read(stream.SafeFileHandle, chunk.AsSpan(0, (int)(end - start)), start);
            var newline = chunk.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }
}
