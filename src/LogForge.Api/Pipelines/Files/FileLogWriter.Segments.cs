namespace LogForge.Api.Pipelines.Files;

/// <summary>The file writer's segments: the one the next group goes to (by day and size), opening and closing it, and torn lines at start.</summary>
public sealed partial class FileLogWriter
{
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
        CloseSegment();
        _current = OpenSegment(day, number);
        if (_current.Length > 0 && _current.Length + bytes > _options.FileMaxBytes)
        {
            CloseSegment();
            _current = OpenSegment(day, number + 1);
        }

        return _current;
    }

    private SegmentFile OpenSegment(DateOnly day, int number)
    {
        var segment = SegmentFile.Open(Directory, day, number);
        if (segment.CutOnOpen > 0)
        {
            LogTornLineCut(segment.CutOnOpen, segment.Path);
        }

        return segment;
    }

    private void CloseSegment()
    {
        _current?.Dispose();
        _current = null;
    }

    /// <summary>Every segment of the directory, not only the one appended to next: a previous day's is still shipped.</summary>
    private void CutTornLines()
    {
        try
        {
            foreach (var path in DailySegments.All(Directory))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
                var cut = TornLines.Cut(stream);
                if (cut > 0)
                {
                    LogTornLineCut(cut, path);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogTornLinesNotChecked(Directory, ex.Message);
        }
    }
}
