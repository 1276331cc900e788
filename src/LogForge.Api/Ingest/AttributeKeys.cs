using System.Buffers;

namespace LogForge.Api.Ingest;

/// <summary>
/// The keys of one attributes object, unescaped, so that a key given twice is refused however it is
/// spelled ("k" and "\u006b" are one key, as for the top-level fields). Keys are compared as UTF-8 bytes;
/// they live in a caller's stack buffer, or a pooled one once that is full.
/// </summary>
internal ref struct AttributeKeys
{
    public const int StackBytes = 512;

    private readonly Span<Range> _keys;
    private Span<byte> _bytes;
    private byte[]? _rented;
    private int _used;
    private int _count;

    /// <param name="bytes">Room for the unescaped keys; grows into a pooled array when needed.</param>
    /// <param name="keys">Room for as many keys as an attributes object may have.</param>
    public AttributeKeys(Span<byte> bytes, Span<Range> keys)
    {
        _bytes = bytes;
        _keys = keys;
    }

    /// <summary>Free room for a key of up to <paramref name="length"/> bytes: unescape it there, then <see cref="Add"/> it.</summary>
    public Span<byte> RoomFor(int length)
    {
        if (_used + length > _bytes.Length)
        {
            Grow(_used + length);
        }

        return _bytes[_used..];
    }

    /// <summary>Adds the key of <paramref name="length"/> bytes just written into <see cref="RoomFor"/>; false when the same key was added before.</summary>
    public bool Add(int length)
    {
        var key = _bytes.Slice(_used, length);
        for (var i = 0; i < _count; i++)
        {
            if (_bytes[_keys[i]].SequenceEqual(key))
            {
                return false;
            }
        }

        _keys[_count++] = new Range(_used, _used + length);
        _used += length;
        return true;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _bytes.Length * 2));
        _bytes[.._used].CopyTo(larger);
        Dispose();
        _rented = larger;
        _bytes = larger;
    }
}
