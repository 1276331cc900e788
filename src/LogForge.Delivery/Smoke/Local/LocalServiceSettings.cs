namespace LogForge.Delivery.Smoke.Local;

/// <summary>
/// The environment of a local LogForge: dev's rendered ConfigMap as it is, except the three settings that must
/// differ on this machine (docs/smoke.md): the environment name (local), the data directory (a temporary one
/// instead of the pod's volume) and the API key (generated for the run; the chart reads keys from the runtime
/// secret, which a local run does not have). LOGFORGE_* variables of the calling environment are removed, so
/// nothing set in the developer's shell changes what is checked.
/// </summary>
public static class LocalServiceSettings
{
    public const string Prefix = "LOGFORGE_";
    public const string EnvironmentVariable = "LOGFORGE_ENVIRONMENT";
    public const string DataDirectoryVariable = "LOGFORGE_DATA_DIR";
    public const string ApiKeysVariable = "LOGFORGE_API_KEYS";

    public static IReadOnlyDictionary<string, string?> Compose(IReadOnlyDictionary<string, string> configMap, string dataDirectory, string apiKey,
        IEnumerable<string> inheritedVariables)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in inheritedVariables.Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
            environment[name] = null; // removed from the child's environment
        foreach (var (name, value) in configMap)
            environment[name] = value;
        environment[EnvironmentVariable] = SmokeEnvironments.Local;
        environment[DataDirectoryVariable] = dataDirectory;
        environment[ApiKeysVariable] = apiKey;
        return environment;
    }
}
