namespace LogForge.Delivery.Versions;

/// <summary>A values file the tag edit refuses to touch; the message names the file and the reason. The file is unchanged.</summary>
public sealed class ImageTagEditException(string file, string reason) : Exception($"{file}: {reason}")
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}
