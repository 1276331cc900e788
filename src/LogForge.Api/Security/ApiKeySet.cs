using System.Security.Cryptography;
using System.Text;

namespace LogForge.Api.Security;

/// <summary>
/// The API keys accepted at once (several during a rotation). Keys are kept only as SHA-256 digests
/// and a candidate is compared with every one of them in constant time.
/// </summary>
public sealed class ApiKeySet
{
    private readonly byte[][] _digests;

    public ApiKeySet(IEnumerable<string> keys) =>
        _digests = keys.Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToArray();

    public int Count => _digests.Length;

    public bool Accepts(ReadOnlySpan<char> candidate)
    {
        if (candidate.IsEmpty)
        {
            return false;
        }

        Span<byte> utf8 = candidate.Length <= 256 ? stackalloc byte[candidate.Length * 3] : new byte[candidate.Length * 3];
        var length = Encoding.UTF8.GetBytes(candidate, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);

        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(known, digest);
        }

        return match;
    }
}
