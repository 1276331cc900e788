using System.Buffers;

namespace LogForge.Api.Ingest;

/// <summary>
/// The keys of one attributes object, so that a key given twice is refused however it is spelled ("k" and
/// "\u006b" are one key, as for the top-level fields). Keys are compared as unescaped UTF-8: a key written
/// without escapes is compared where it stands in the request; only an escaped one is unescaped, into a
/// caller's stack buffer (or a pooled one once that is full).
/// </summary>
internal ref struct AttributeKeys
{
    public const int StackBytes = 256;

    private readonly ReadOnlySpan<byte> _source;
    private readonly Span<int> _starts; // >= 0: offset in _source; < 0: ~offset in _unescaped
    private readonly Span<int> _lengths;
    private Span<byte> _unescaped;
    private byte[]? _rented;
    private int _used;
    private int _count;

    /// <param name="source">What the reader reads: keys without escapes are compared there.</param>
    /// <param name="unescaped">Room for escaped keys once unescaped; grows into a pooled array when needed.</param>
    /// <param name="starts">Room for as many keys as an attributes object may have.</param>
    /// <param name="lengths">The same.</param>
    public AttributeKeys(ReadOnlySpan<byte> source, Span<byte> unescaped, Span<int> starts, Span<int> lengths)
    {
        _source = source;
        _unescaped = unescaped;
        _starts = starts;
        _lengths = lengths;
    }

    /// <summary>Adds a key written without escapes, at <paramref name="offset"/> in the source; false when the same key came before.</summary>
    public bool AddAsWritten(int offset, int length) => Add(_source.Slice(offset, length), offset);

    /// <summary>Room for an escaped key of up to <paramref name="length"/> bytes: unescape it there, then <see cref="AddUnescaped"/>.</summary>
    public Span<byte> RoomFor(int length)
    {
        if (_used + length > _unescaped.Length)
        {
            Grow(_used + length);
        }

        return _unescaped[_used..];
    }

    /// <summary>Adds the key of <paramref name="length"/> bytes just unescaped into <see cref="RoomFor"/>; false when the same key came before.</summary>
    public bool AddUnescaped(int length)
    {
        var isNew = Add(_unescaped.Slice(_used, length), ~_used);
        _used += length;
        return isNew;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private bool Add(ReadOnlySpan<byte> key, int start)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_lengths[i] == key.Length && Stored(i).SequenceEqual(key))
            {
                return false;
            }
        }

        _starts[_count] = start;
        _lengths[_count++] = key.Length;
        return true;
    }

    private readonly ReadOnlySpan<byte> Stored(int i) => _starts[i] >= 0
        ? _source.Slice(_starts[i], _lengths[i])
        : _unescaped.Slice(~_starts[i], _lengths[i]);

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _unescaped.Length * 2));
        _unescaped[.._used].CopyTo(larger);
        Dispose();
        _rented = larger;
        _unescaped = larger;
    }
}
