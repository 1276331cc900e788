using System.Text;
using System.Text.RegularExpressions;

namespace LogForge.Testing.Secrets;

/// <summary>
/// Finds a secret in text however it was encoded on the way: JSON-escaped (\uXXXX, \"), base64 at any alignment, and
/// base64 inside base64 — decoding what it finds rather than encoding the secret the way the masker does, so a test
/// does not share the masker's assumptions.
/// </summary>
public static partial class SecretScan
{
    private const int Depth = 3;

    public static bool Reveals(string text, string secret) => Readings(text, Depth).Any(t => t.Contains(secret, StringComparison.Ordinal));

    /// <summary>The text, its JSON-unescaped reading, and every reading of the base64 runs in either, to the depth given.</summary>
    private static IEnumerable<string> Readings(string text, int depth)
    {
        var unescaped = JsonUnescaped(text);
        yield return text;
        yield return unescaped;
        if (depth == 0) yield break;
        foreach (var source in new[] { text, unescaped }.Distinct(StringComparer.Ordinal))
        foreach (Match run in Base64Run().Matches(source))
        for (var skip = 0; skip < 4; skip++)
        {
            var chunk = run.Value[Math.Min(skip, run.Value.Length)..];
            // A last group of 2 or 3 characters holds 1 or 2 whole bytes (the padding itself is not part of the run).
            chunk = chunk.Length % 4 == 1 ? chunk[..^1] : chunk + new string('=', (4 - chunk.Length % 4) % 4);
            if (chunk.Length < 4) continue;
            var bytes = Convert.FromBase64String(chunk);
            yield return Encoding.UTF8.GetString(bytes); // a secret with non-ASCII characters
            foreach (var inner in Readings(Encoding.Latin1.GetString(bytes), depth - 1))
                yield return inner;
        }
    }

    private static string JsonUnescaped(string text) => JsonEscape().Replace(text, m => m.Groups["hex"].Success
        ? ((char)Convert.ToInt32(m.Groups["hex"].Value, 16)).ToString()
        : m.Groups["char"].Value switch { "n" => "\n", "r" => "\r", "t" => "\t", "f" => "\f", "b" => "\b", var c => c });

    [GeneratedRegex(@"[A-Za-z0-9+/]{6,}")]
    private static partial Regex Base64Run();

    [GeneratedRegex(@"\\(?:u(?<hex>[0-9a-fA-F]{4})|(?<char>.))")]
    private static partial Regex JsonEscape();
}
