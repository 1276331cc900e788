namespace LogForge.Delivery.Environments;

/// <summary>The parts of an image reference as a pod spec writes it: <c>repository[:tag][@digest]</c>.</summary>
public static class ImageReference
{
    public static string Repository(string image)
    {
        var named = WithoutDigest(image);
        var colon = TagSeparator(named);
        return colon < 0 ? named : named[..colon];
    }

    public static string? Tag(string image)
    {
        var named = WithoutDigest(image);
        var colon = TagSeparator(named);
        return colon < 0 ? null : named[(colon + 1)..];
    }

    public static string? Digest(string image)
    {
        var at = image.IndexOf('@');
        return at < 0 ? null : image[(at + 1)..];
    }

    private static string WithoutDigest(string image)
    {
        var at = image.IndexOf('@');
        return at < 0 ? image : image[..at];
    }

    // A ':' after the last '/' separates the tag (a ':' before it belongs to a registry port).
    private static int TagSeparator(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? colon : -1;
    }
}
