using YamlDotNet.Core;

namespace LogForge.Delivery.Versions;

/// <summary>Where the <c>image.tag</c> scalar is written in a values file: its value, and the characters
/// [<see cref="Start"/>, <see cref="End"/>) that spell it, quotes included; <see cref="KeyStart"/>: where its key is written;
/// <see cref="Digest"/>: <c>image.digest</c>, when the file has one.</summary>
public sealed record ImageTagLocation(string Tag, int Start, int End, ScalarStyle Style, int Line)
{
    public int KeyStart { get; init; }
    public ImageScalar? Digest { get; init; }
}

/// <summary>One scalar under <c>image</c>: its value, the characters [<see cref="Start"/>, <see cref="End"/>) that spell it and
/// where its key starts.</summary>
public sealed record ImageScalar(string Value, int Start, int End, ScalarStyle Style, int Line)
{
    public int KeyStart { get; init; }
}

/// <summary>One file's image reference before and after an edit: the tag, and the digest (null: none).</summary>
public sealed record ImageTagChange(string File, string OldTag, string NewTag)
{
    public string? OldDigest { get; init; }
    public string? NewDigest { get; init; }
    public bool Changed => OldTag != NewTag || OldDigest != NewDigest;
}
