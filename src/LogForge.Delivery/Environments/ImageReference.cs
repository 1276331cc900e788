namespace LogForge.Delivery.Environments;

/// <summary>Splits an image reference `registry/owner/name:tag` into repository and tag.</summary>
public static class ImageReference
{
    public static string Repository(string image)
    {
        var colon = TagSeparator(image);
        return colon < 0 ? image : image[..colon];
    }

    public static string? Tag(string image)
    {
        var colon = TagSeparator(image);
        return colon < 0 ? null : image[(colon + 1)..];
    }

    // A ':' after the last '/' separates the tag (a ':' before it belongs to a registry port).
    private static int TagSeparator(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? colon : -1;
    }
}
