namespace LogForge.Delivery.Tools;

/// <summary>Where a resolved tool came from.</summary>
public enum ToolSource
{
    /// <summary>Found on PATH with the pinned version.</summary>
    Path,
    /// <summary>Already installed in the repository's .tools/ cache.</summary>
    Cached,
    /// <summary>Installed into .tools/ by this run.</summary>
    Installed,
}
