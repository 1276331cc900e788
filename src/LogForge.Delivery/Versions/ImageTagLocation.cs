using YamlDotNet.Core;

namespace LogForge.Delivery.Versions;

/// <summary>Where the <c>image.tag</c> scalar is written in a values file: its value, and the characters
/// [<see cref="Start"/>, <see cref="End"/>) that spell it, quotes included.</summary>
public sealed record ImageTagLocation(string Tag, int Start, int End, ScalarStyle Style, int Line);

/// <summary>One file's tag before and after an edit.</summary>
public sealed record ImageTagChange(string File, string OldTag, string NewTag)
{
    public string? NewDigest { get; init; }

    public bool Changed => OldTag != NewTag;
}
