namespace LogForge.Delivery.Tools;

/// <summary>The s3rver test server (an S3-protocol HTTP server) of the pinned version.</summary>
public sealed record S3rverTool(string Executable, string Version, ToolSource Source)
{
    public string Description => Source == ToolSource.Cached
        ? $"s3rver {Version} from the tools cache ({Executable})"
        : $"s3rver {Version} installed into the tools cache ({Executable})";
}
