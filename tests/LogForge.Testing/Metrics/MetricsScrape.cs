using System.Globalization;
using System.Text.RegularExpressions;

namespace LogForge.Testing.Metrics;

/// <summary>
/// One GET /metrics answer in the Prometheus text format (0.0.4), read into its families (# TYPE lines) and samples
/// so tests can compare values. promtool is the judge of the format (<see cref="Promtool"/>); this only reads values.
/// </summary>
public sealed partial class MetricsScrape
{
    private MetricsScrape(string text, string? contentType)
    {
        Text = text;
        ContentType = contentType;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Families[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#') && SampleLine().Match(line) is { Success: true } sample)
            {
                var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups[1].Value, m => Regex.Unescape(m.Groups[2].Value));
                Samples.Add(new Sample(sample.Groups["name"].Value, labels, ParseValue(sample.Groups["value"].Value)));
            }
        }
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public string Text { get; }

    public string? ContentType { get; }

    /// <summary>Family name → type (counter, gauge, histogram).</summary>
    public Dictionary<string, string> Families { get; } = new(StringComparer.Ordinal);

    public List<Sample> Samples { get; } = [];

    public IReadOnlySet<string> SeriesNames => Samples.Select(s => s.Name).ToHashSet();

    public static async Task<MetricsScrape> GetAsync(HttpClient client, string path = "/metrics")
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 200)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {text}");
        return new MetricsScrape(text, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/> ("k=v"); 0 when none.</summary>
    public double Value(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToList();
        return Samples.Where(s => s.Name == name && wanted.All(w => s.Labels.TryGetValue(w[0], out var v) && v == w[1])).Sum(s => s.Value);
    }

    public bool Has(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToList();
        return Samples.Any(s => s.Name == name && wanted.All(w => s.Labels.TryGetValue(w[0], out var v) && v == w[1]));
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})?\s+(?<value>\S+)(?:\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
