using System.Globalization;

namespace LogForge.Api.Pipelines.Files;

/// <summary>
/// Names of the NDJSON files: one series per UTC day, rotated by size:
/// <c>logforge-2024-05-01.ndjson</c>, then <c>logforge-2024-05-01.1.ndjson</c>, <c>.2</c>, …
/// </summary>
public static class DailySegments
{
    public const string Extension = ".ndjson";

    public static string FileName(DateOnly day, int number) => number == 0
        ? $"logforge-{day:yyyy-MM-dd}{Extension}"
        : $"logforge-{day:yyyy-MM-dd}.{number}{Extension}";

    /// <summary>Every segment file in <paramref name="directory"/>, of any day.</summary>
    public static IEnumerable<string> All(string directory) => Directory.EnumerateFiles(directory, "logforge-*" + Extension);

    /// <summary>The highest segment number already on disk for <paramref name="day"/>, or 0.</summary>
    public static int LatestNumber(string directory, DateOnly day)
    {
        var prefix = $"logforge-{day:yyyy-MM-dd}";
        var latest = 0;
        foreach (var path in Directory.EnumerateFiles(directory, prefix + "*" + Extension))
        {
            var middle = Path.GetFileName(path)[prefix.Length..^Extension.Length];
            if (middle.Length > 1 && middle[0] == '.' && int.TryParse(middle[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                latest = Math.Max(latest, number);
            }
        }

        return latest;
    }
}
