using System.Globalization;
using System.Text.RegularExpressions;

namespace LogForge.Build.Engine;

/// <summary>Turns the text of a parameter value into the member's type, or says what was expected.</summary>
internal static partial class ParameterConverter
{
    /// <param name="secret">A secret's value is never part of the error message.</param>
    public static object? Convert(string raw, Type type, string displayName, string baseDirectory, bool secret = false)
    {
        BuildUsageException Invalid(string expected) => ParameterConverter.Invalid(displayName, secret ? null : raw, expected);

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string)) return raw;
        if (target == typeof(string[])) return SplitList(raw);
        if (target == typeof(bool))
            return raw.ToLowerInvariant() switch
            {
                "" or "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw Invalid("true or false"),
            };
        if (target == typeof(int))
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number : throw Invalid("a whole number");
        if (target.IsEnum)
            return Enum.GetNames(target).FirstOrDefault(n => n.Equals(raw, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse(target, name)
                : throw Invalid("one of " + string.Join(", ", Enum.GetNames(target)));
        if (target == typeof(TimeSpan))
            return ParseDuration(raw) ?? throw Invalid("a duration such as 90s, 5m, 1h or 00:05:00");
        if (target == typeof(AbsolutePath))
            return raw.Length == 0 ? throw Invalid("a path") : AbsolutePath.Create(raw, baseDirectory);
        throw new BuildUsageException($"Parameter {displayName} has unsupported type {type.Name} — " +
            "use string, bool, int, enum, string[], TimeSpan or AbsolutePath.");
    }

    public static string[] SplitList(string raw) =>
        raw.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string TypeName(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum) return string.Join("|", Enum.GetNames(target));
        return target switch
        {
            _ when target == typeof(string) => "string",
            _ when target == typeof(string[]) => "list",
            _ when target == typeof(bool) => "bool",
            _ when target == typeof(int) => "int",
            _ when target == typeof(TimeSpan) => "duration",
            _ when target == typeof(AbsolutePath) => "path",
            _ => target.Name,
        };
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        string[] list => string.Join(",", list),
        TimeSpan span => FormatDuration(span),
        bool flag => flag ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    private static string FormatDuration(TimeSpan span) =>
        span.TotalSeconds < 60 || span.TotalSeconds % 60 != 0 ? $"{span.TotalSeconds:0.###}s"
        : span.TotalMinutes < 60 || span.TotalMinutes % 60 != 0 ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalHours:0}h";

    private static TimeSpan? ParseDuration(string raw)
    {
        var match = DurationPattern().Match(raw.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }
        return TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    private static BuildUsageException Invalid(string displayName, string? shownValue, string expected) =>
        new(shownValue is null
            ? $"Parameter {displayName} (a secret, not shown) has a value that is not {expected} — pass {expected}."
            : $"Parameter {displayName} has the value '{shownValue}', which is not {expected} — pass {expected}.");

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
