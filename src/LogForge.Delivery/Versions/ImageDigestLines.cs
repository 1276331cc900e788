using System.Text.RegularExpressions;

namespace LogForge.Delivery.Versions;

/// <summary>
/// The two edits of <c>image.digest</c> that add or take away a whole line: inserted on the line after <c>tag:</c> with its indentation
/// and line ending, or its own line removed. Both need the key on a line of its own (a block mapping); a flow mapping
/// (<c>image: {tag: x}</c>) or a line that holds more than the key is refused rather than rewritten.
/// </summary>
internal static partial class ImageDigestLines
{
    public static TextEdit Insertion(string text, ImageTagLocation tag, string renderedDigest, string file)
    {
        var lineStart = LineStart(text, tag.KeyStart);
        var indent = text[lineStart..tag.KeyStart];
        var lineEnd = text.IndexOf('\n', tag.End);
        if (!IsBlank(indent) || FlowValue().IsMatch(text[tag.End..(lineEnd < 0 ? text.Length : lineEnd)]))
            throw new ImageTagEditException(file,
                $"image.tag (line {tag.Line}) is not on a line of its own in a block mapping, so image.digest cannot be added after it — " +
                    "write image: as one key per line, or add digest: yourself");
        if (lineEnd < 0)
            return new TextEdit(text.Length, text.Length, $"{LineEnding(text)}{indent}digest: {renderedDigest}");
        var newline = lineEnd > 0 && text[lineEnd - 1] == '\r' ? "\r\n" : "\n";
        return new TextEdit(lineEnd + 1, lineEnd + 1, $"{indent}digest: {renderedDigest}{newline}");
    }

    public static TextEdit Removal(string text, ImageScalar digest, string file)
    {
        var lineStart = LineStart(text, digest.KeyStart);
        var lineEnd = text.IndexOf('\n', digest.End);
        var rest = text[digest.End..(lineEnd < 0 ? text.Length : lineEnd)];
        if (!IsBlank(text[lineStart..digest.KeyStart]) || !RestOfLine().IsMatch(rest))
            throw new ImageTagEditException(file,
                $"image.digest (line {digest.Line}) is not on a line of its own, so it cannot be removed — write image: as one key per line");
        return new TextEdit(lineStart, lineEnd < 0 ? text.Length : lineEnd + 1, "");
    }

    private static int LineStart(string text, int index) => text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;

    private static bool IsBlank(string text) => text.All(c => c is ' ' or '\t');

    private static string LineEnding(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    [GeneratedRegex(@"^[ \t]*(#.*)?\r?$")]
    private static partial Regex RestOfLine();

    [GeneratedRegex(@"^[ \t]*[,}\]]")]
    private static partial Regex FlowValue();
}
