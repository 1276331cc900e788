namespace LogForge.Api.Configuration;

/// <summary>Reads the accepted API keys from LOGFORGE_API_KEYS (comma-separated) and LOGFORGE_API_KEYS_FILE (one per line).</summary>
public static class ApiKeysSource
{
    public static IReadOnlyList<string> Load(LogForgeOptions options)
    {
        var keys = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ApiKeys))
        {
            keys.AddRange(options.ApiKeys.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKeysFile) && File.Exists(options.ApiKeysFile))
        {
            keys.AddRange(File.ReadAllLines(options.ApiKeysFile)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#')));
        }

        return keys.Distinct(StringComparer.Ordinal).ToList();
    }
}
