using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LogForge.Delivery.Versions;

/// <summary>
/// Finds the <c>image.tag</c> scalar of a Helm values file, and <c>image.digest</c> when it is there, with YamlDotNet's parser
/// (events and their marks), never through a serializer, so the caller can splice exactly those characters. Refuses, naming the
/// file and the reason: no <c>image.tag</c>; two <c>image</c> (or two <c>tag</c>, two <c>digest</c>) keys; an alias or anchor on
/// <c>image</c>, the tag or the digest (an edit would change other nodes too, or none); a tag or digest that is not a one-line
/// scalar; more than one document.
/// </summary>
internal static class ImageTagLocator
{
    public static ImageTagLocation Locate(string text, string file)
    {
        try
        {
            return LocateIn(new Parser(new StringReader(text)), text, file);
        }
        catch (YamlException e)
        {
            throw new ImageTagEditException(file, $"is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
        catch (InvalidOperationException e) // YamlDotNet's scanner on some malformed flow collections
        {
            throw new ImageTagEditException(file, $"is not valid YAML: {e.Message}");
        }
    }

    private static ImageTagLocation LocateIn(IParser parser, string text, string file)
    {
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
            throw new ImageTagEditException(file, "is empty: it has no image.tag");
        if (parser.Current is not MappingStart)
            throw new ImageTagEditException(file, "is not a mapping at the top level: it has no image.tag");
        parser.Consume<MappingStart>();

        ImageTagLocation? found = null;
        Mark? imageKey = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (parser.Current is not Scalar { Value: "image" } key)
            {
                SkipEntry(parser);
                continue;
            }
            parser.MoveNext();
            if (imageKey is not null)
                throw new ImageTagEditException(file, $"has two 'image' keys (lines {imageKey.Value.Line} and {key.Start.Line}) — keep one");
            imageKey = key.Start;
            found = LocateInImage(parser, text, file);
        }
        parser.Consume<DocumentEnd>();
        if (parser.Current is DocumentStart)
            throw new ImageTagEditException(file, "holds more than one YAML document — a values file has one");
        return found ?? throw new ImageTagEditException(file, "has no 'image' key: it has no image.tag");
    }

    private static ImageTagLocation LocateInImage(IParser parser, string text, string file)
    {
        switch (parser.Current)
        {
            case AnchorAlias alias:
                throw new ImageTagEditException(file,
                    $"image is an alias (*{alias.Value}, line {alias.Start.Line}): the tag lives in another node — write image: with its own tag");
            case MappingStart { Anchor.IsEmpty: false } anchored:
                throw new ImageTagEditException(file,
                    $"image carries an anchor (&{anchored.Anchor}, line {anchored.Start.Line}): an edit would change every node that aliases it — " +
                        "remove the anchor");
            case not MappingStart:
                throw new ImageTagEditException(file, $"image (line {parser.Current!.Start.Line}) is not a mapping: it has no image.tag");
        }
        parser.Consume<MappingStart>();

        ImageScalar? tag = null;
        ImageScalar? digest = null;
        var mergeKey = false;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (parser.Current is Scalar { Value: "<<", Style: ScalarStyle.Plain }) mergeKey = true;
            if (parser.Current is not Scalar { Value: "tag" or "digest" } key)
            {
                SkipEntry(parser);
                continue;
            }
            parser.MoveNext();
            var seen = key.Value == "tag" ? tag : digest;
            if (seen is not null)
                throw new ImageTagEditException(file, $"has two '{key.Value}' keys under image (lines {seen.Line} and {key.Start.Line}) — keep one");
            var value = ScalarValue(parser, text, file, $"image.{key.Value}") with { KeyStart = checked((int)key.Start.Index) };
            if (key.Value == "tag") tag = value;
            else digest = value;
        }
        if (tag is null)
            throw new ImageTagEditException(file, mergeKey
                ? "image has no tag of its own (it would come from a << merge key) — write image.tag explicitly"
                : "has no image.tag");
        return new ImageTagLocation(tag.Value, tag.Start, tag.End, tag.Style, tag.Line) { KeyStart = tag.KeyStart, Digest = digest };
    }

    private static ImageScalar ScalarValue(IParser parser, string text, string file, string name)
    {
        var value = parser.Current!;
        switch (value)
        {
            case AnchorAlias alias:
                throw new ImageTagEditException(file, $"{name} is an alias (*{alias.Value}, line {alias.Start.Line}) — write the value itself");
            case Scalar { Anchor.IsEmpty: false } anchored:
                throw new ImageTagEditException(file,
                    $"{name} carries an anchor (&{anchored.Anchor}, line {anchored.Start.Line}): an edit would change every alias of it — " +
                        "remove the anchor");
            case Scalar { Style: ScalarStyle.Literal or ScalarStyle.Folded } block:
                throw new ImageTagEditException(file, $"{name} (line {block.Start.Line}) is a block scalar — write it on one line");
            case Scalar { Tag.IsEmpty: false } tagged:
                throw new ImageTagEditException(file,
                    $"{name} (line {tagged.Start.Line}) has an explicit YAML tag ({tagged.Tag}) — write a plain or quoted string");
            case Scalar { Style: ScalarStyle.Plain, Value.Length: 0 } empty:
                throw new ImageTagEditException(file, $"{name} (line {empty.Start.Line}) is empty (null) — write {name[6..]}: \"\" or a value");
            case Scalar scalar:
                parser.MoveNext();
                return Checked(scalar, text, file, name);
            default:
                throw new ImageTagEditException(file, $"{name} (line {value.Start.Line}) is not a scalar");
        }
    }

    /// <summary>The marks must span exactly the scalar as written; anything else is refused rather than guessed.</summary>
    private static ImageScalar Checked(Scalar scalar, string text, string file, string name)
    {
        var start = checked((int)scalar.Start.Index);
        var end = checked((int)scalar.End.Index);
        var written = start >= 0 && end <= text.Length && start <= end ? text[start..end] : null;
        var ok = scalar.Style switch
        {
            ScalarStyle.Plain => written == scalar.Value,
            ScalarStyle.SingleQuoted => written is ['\'', .., '\''] && written.Length >= 2 && !written.Contains('\n'),
            ScalarStyle.DoubleQuoted => written is ['"', .., '"'] && written.Length >= 2 && !written.Contains('\n'),
            _ => false,
        };
        if (!ok)
            throw new ImageTagEditException(file,
                $"{name} (line {scalar.Start.Line}) is not written on one line as a plain or quoted scalar — write it as {name[6..]}: \"x\"");
        return new ImageScalar(scalar.Value, start, end, scalar.Style, checked((int)scalar.Start.Line));
    }

    /// <summary>Skips one key (scalar, alias or a complex key) and its value.</summary>
    private static void SkipEntry(IParser parser)
    {
        parser.SkipThisAndNestedEvents();
        parser.SkipThisAndNestedEvents();
    }
}
