namespace LogForge.Api.Ingest;

/// <summary>
/// Validated events of one request, normalised, as NDJSON: one line per event, each ending in '\n'.
/// Owns pooled memory: dispose it once the pipeline is done with it.
/// </summary>
public sealed class EventBatch : IDisposable
{
    private readonly PooledBufferWriter _ndjson;
    private readonly List<int> _lineEnds;

    internal EventBatch(PooledBufferWriter ndjson, List<int> lineEnds)
    {
        _ndjson = ndjson;
        _lineEnds = lineEnds;
    }

    public int Count => _lineEnds.Count;

    /// <summary>All lines, newline-terminated, ready to append to a file.</summary>
    public ReadOnlyMemory<byte> Ndjson => _ndjson.WrittenMemory;

    /// <summary>Event <paramref name="index"/> as one JSON object, without its newline.</summary>
    public ReadOnlySpan<byte> Event(int index)
    {
        var start = index == 0 ? 0 : _lineEnds[index - 1];
        return _ndjson.WrittenSpan[start..(_lineEnds[index] - 1)];
    }

    public void Dispose() => _ndjson.Dispose();
}
