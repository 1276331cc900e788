using System.Text.RegularExpressions;

namespace LogForge.Delivery.Versions;

/// <summary>What a values file pins: <c>image.tag</c>, and <c>image.digest</c> when set (the chart then renders
/// <c>repository:tag@digest</c>, so the node pulls that exact image whatever the tag points at later).</summary>
public sealed partial record ImagePin(string Tag, string? Digest)
{
    /// <summary>An OCI content digest as registries and docker/build-push-action give it: sha256 and 64 lowercase hex digits.</summary>
    public static bool IsDigest(string? text) => text is not null && DigestPattern().IsMatch(text);

    /// <summary>"0.2.0@sha256:0123abcd4567" for messages (the digest shortened to 12 hex digits), or the tag alone.</summary>
    public override string ToString() => Digest is null ? Tag : $"{Tag}@{ShortDigest(Digest)}";

    public static string ShortDigest(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}

/// <summary>Characters [<see cref="Start"/>, <see cref="End"/>) of a text replaced by <see cref="Text"/>.</summary>
internal sealed record TextEdit(int Start, int End, string Text);
