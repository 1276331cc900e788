using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace LogForge.Delivery.Versions;

/// <summary>
/// Changes the <c>image.tag</c> scalar of a Helm values file, and <c>image.digest</c> (replaced, inserted on the line after the
/// tag, or its line removed: <see cref="ImageDigestLines"/>), and nothing else: the parser's marks say
/// where the scalar is written and only those characters are replaced, so comments, key order, blank
/// lines, the quoting style, line endings (LF or CRLF), a trailing comment and every other byte stay as
/// they were. Never round-trips through a serializer (it drops comments: aaubry/YamlDotNet#570; Argo CD
/// Image Updater reformatted values files that way until it patched the scalar in place,
/// argoproj-labs/argocd-image-updater#884, #1283). Writes atomically: a temporary file beside the
/// original, then a rename.
/// </summary>
public static partial class ImageTagEdit
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Where <c>image.tag</c> is and what it says; throws <see cref="ImageTagEditException"/> when the file is refused.</summary>
    public static ImageTagLocation Locate(string text, string file) => ImageTagLocator.Locate(text, file);

    /// <summary>The text with <c>image.tag</c> set to <paramref name="newTag"/>, in the quoting style it had
    /// (a plain scalar that would no longer read as a string is double-quoted).</summary>
    public static string Apply(string text, string newTag, string file)
    {
        var location = Locate(text, file);
        if (location.Tag == newTag) return text;
        return string.Concat(text.AsSpan(0, location.Start), Render(newTag, location.Style), text.AsSpan(location.End));
    }

    /// <summary>The text with <c>image.tag</c> set to the pin's tag and <c>image.digest</c> to its digest: replaced, inserted after the
    /// tag when absent, its line removed when the pin has none (a stale digest would keep the old image running).</summary>
    public static string Apply(string text, ImagePin pin, string file)
    {
        var location = Locate(text, file);
        var edits = new List<TextEdit>();
        if (location.Tag != pin.Tag)
            edits.Add(new TextEdit(location.Start, location.End, Render(pin.Tag, location.Style)));
        if (location.Digest is { } digest)
        {
            if (pin.Digest is null)
                edits.Add(ImageDigestLines.Removal(text, digest, file));
            else if (digest.Value != pin.Digest)
                edits.Add(new TextEdit(digest.Start, digest.End, Render(pin.Digest, digest.Style)));
        }
        else if (pin.Digest is not null)
            edits.Add(ImageDigestLines.Insertion(text, location, Render(pin.Digest, ScalarStyle.DoubleQuoted), file));
        var result = new StringBuilder(text);
        foreach (var edit in edits.OrderByDescending(e => e.Start))
            result.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.Text);
        return edits.Count == 0 ? text : result.ToString();
    }

    /// <summary>The current tag and digest of the values file at <paramref name="path"/>.</summary>
    public static ImagePin ReadPin(string path, string? file = null)
    {
        var location = Locate(Read(path, file ?? path).Text, file ?? path);
        return new ImagePin(location.Tag, location.Digest?.Value);
    }

    /// <summary>Sets the tag and digest of the file at <paramref name="path"/>; writes only when they change. <paramref name="file"/>
    /// is the name used in messages (e.g. the repository-relative path).</summary>
    public static ImageTagChange Write(string path, ImagePin pin, string? file = null)
    {
        var name = file ?? path;
        var (text, bom) = Read(path, name);
        var old = Locate(text, name);
        var updated = Apply(text, pin, name);
        if (!ReferenceEquals(updated, text) && updated != text)
            WriteAtomically(path, bom ? [.. Bom, .. StrictUtf8.GetBytes(updated)] : StrictUtf8.GetBytes(updated));
        return new ImageTagChange(name, old.Tag, pin.Tag) { OldDigest = old.Digest?.Value, NewDigest = pin.Digest };
    }

    internal static string Render(string tag, ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => "'" + tag.Replace("'", "''") + "'",
        ScalarStyle.Plain when IsPlainString(tag) => tag,
        _ => "\"" + tag.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
    };

    /// <summary>True when <paramref name="tag"/> written plain, in block or flow context, reads back as that string
    /// under YAML 1.1 and 1.2 (not a number, boolean or null; no indicator characters).</summary>
    internal static bool IsPlainString(string tag) =>
        SafePlain().IsMatch(tag) && !NumberLike().IsMatch(tag) && !BooleanOrNull().IsMatch(tag);

    private static (string Text, bool Bom) Read(string path, string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageTagEditException(file, $"cannot be read: {e.Message}");
        }
        var bom = bytes.AsSpan().StartsWith(Bom);
        try
        {
            return (StrictUtf8.GetString(bom ? bytes[Bom.Length..] : bytes), bom);
        }
        catch (DecoderFallbackException)
        {
            throw new ImageTagEditException(file, "is not UTF-8 — save it as UTF-8");
        }
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex SafePlain();

    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0x[0-9A-Fa-f_]+|0o[0-7]+|0b[01_]+)$")]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"^(y|n|yes|no|on|off|true|false|null)$", RegexOptions.IgnoreCase)]
    private static partial Regex BooleanOrNull();
}
