namespace LogForge.Api.Pipelines.Files;

/// <summary>
/// A crash in the middle of a write can leave a segment ending in part of a line. Cutting the file back
/// to the end of its last complete line keeps every segment a reader or shipper picks up whole NDJSON.
/// </summary>
internal static class TornLines
{
    /// <summary>Truncates the file after its last '\n' (and fsyncs it) when needed; returns how many bytes were cut.</summary>
    public static long Cut(FileStream stream)
    {
        var end = EndOfLastCompleteLine(stream);
        var cut = stream.Length - end;
        if (cut > 0)
        {
            stream.SetLength(end);
            DurableFiles.Sync(stream);
        }

        return cut;
    }

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
