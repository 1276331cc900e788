namespace LogForge.Delivery.Tools;

/// <summary>A helm executable of the pinned version, with hermetic HELM_*_HOME directories.</summary>
public sealed record HelmTool(string Executable, string Version, ToolSource Source, string HomeDirectory)
{
    /// <summary>Environment for every helm invocation: cache, config and data live under .tools/.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["HELM_CACHE_HOME"] = System.IO.Path.Combine(HomeDirectory, "cache"),
        ["HELM_CONFIG_HOME"] = System.IO.Path.Combine(HomeDirectory, "config"),
        ["HELM_DATA_HOME"] = System.IO.Path.Combine(HomeDirectory, "data"),
    };

    public string Description => Source switch
    {
        ToolSource.Path => $"helm {Version} from PATH ({Executable})",
        ToolSource.Cached => $"helm {Version} from the tools cache ({Executable})",
        _ => $"helm {Version} installed into the tools cache ({Executable})",
    };
}
