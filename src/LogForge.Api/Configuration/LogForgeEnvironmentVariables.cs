using System.Collections;
using System.Globalization;
using System.Text;

namespace LogForge.Api.Configuration;

/// <summary>
/// Maps <c>LOGFORGE_DATA_DIR</c> to <c>LogForge:DataDir</c> (and so on for every variable) so the
/// names of docs/configuration.md bind to <see cref="LogForgeOptions"/>.
/// </summary>
public static class LogForgeEnvironmentVariables
{
    private const string Prefix = "LOGFORGE_";

    public static IConfigurationBuilder AddLogForgeEnvironmentVariables(this IConfigurationBuilder builder) =>
        builder.AddInMemoryCollection(Read(System.Environment.GetEnvironmentVariables()));

    public static Dictionary<string, string?> Read(IDictionary variables)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in variables)
        {
            var name = (string)entry.Key;
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && name.Length > Prefix.Length)
            {
                settings[$"{LogForgeOptions.SectionName}:{ToPascalCase(name[Prefix.Length..])}"] = (string?)entry.Value;
            }
        }

        return settings;
    }

    public static string ToPascalCase(string snakeCase)
    {
        var result = new StringBuilder(snakeCase.Length);
        foreach (var word in snakeCase.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            result.Append(char.ToUpper(word[0], CultureInfo.InvariantCulture));
            result.Append(word[1..].ToLowerInvariant());
        }

        return result.ToString();
    }
}
