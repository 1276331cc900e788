using System.Text.Json;
using System.Text.RegularExpressions;
using LogForge.Api.Tests.Infrastructure;
using LogForge.Testing;
using LogForge.Testing.Metrics;

namespace LogForge.Api.Tests;

/// <summary>
/// docs/metrics.md, the chart's Grafana dashboard and the service agree: every metric the documentation lists (with its
/// labels) and every metric a dashboard query selects is in a real scrape of a running LogForge; every query is PromQL
/// that Prometheus' parser (promtool) accepts; every scrape passes promtool's lint.
/// </summary>
[Collection(BackendsCollection.Name)]
public sealed partial class MetricsConsistencyTests(ScrapedLogForges logForges) : IClassFixture<ScrapedLogForges>
{
    private static readonly string Docs = Path.Combine(RepositoryRoot.Path, "docs", "metrics.md");
    private static readonly string Dashboard = Path.Combine(RepositoryRoot.Path, "deploy", "helm", "logforge", "dashboards", "logforge.json");

    private static readonly Dictionary<string, string[]> Where = new()
    {
        ["all"] = ["api v1", "api v2", "archiver"],
        ["api"] = ["api v1", "api v2"],
        ["api v1"] = ["api v1"],
        ["api v2"] = ["api v2"],
        ["archiver"] = ["archiver"],
    };

    public sealed record DocumentedMetric(string Name, string Type, IReadOnlySet<string> Labels, string Where);

    [Fact]
    public void Every_documented_metric_is_scraped_where_the_documentation_says_with_its_type_and_labels()
    {
        var documented = DocumentedMetrics();
        Assert.True(documented.Count >= 20, $"docs/metrics.md lists {documented.Count} metrics");

        var problems = new List<string>();
        foreach (var metric in documented)
        {
            Assert.True(Where.ContainsKey(metric.Where), $"{metric.Name}: unknown where '{metric.Where}'");
            foreach (var kind in Where[metric.Where])
            {
                var scrape = logForges.Scrapes[kind];
                if (!scrape.Families.TryGetValue(metric.Name, out var type))
                {
                    problems.Add($"{metric.Name} is not in the scrape of the {kind}");
                    continue;
                }

                var labels = scrape.Samples.Where(s => SeriesOf(s.Name, metric.Name, type)).SelectMany(s => s.Labels.Keys).Where(l => l != "le").ToHashSet();
                if (type != metric.Type)
                    problems.Add($"{metric.Name} is a {type} in the scrape of the {kind}; documented as a {metric.Type}");
                if (!labels.SetEquals(metric.Labels))
                    problems.Add($"{metric.Name} has labels [{string.Join(", ", labels.Order())}] in the scrape of the {kind}; " +
                        $"documented [{string.Join(", ", metric.Labels.Order())}]");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_logforge_metric_a_scrape_shows_is_documented()
    {
        var documented = DocumentedMetrics().Select(m => m.Name).ToHashSet();

        var undocumented = logForges.Scrapes.Values.SelectMany(s => s.Families.Keys).Where(n => !documented.Contains(n)).Distinct().Order().ToList();

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Every_dashboard_query_parses_as_promql_and_selects_only_scraped_metrics()
    {
        var queries = DashboardQueries();
        Assert.True(queries.Count >= 14, $"the dashboard has {queries.Count} queries");

        Assert.Equal("", await Promtool.CheckQueriesAsync(queries.Select(q => GrafanaVariable().Replace(q.Expr, "5m")).ToList()));
        var scraped = logForges.Scrapes.Values.SelectMany(s => s.SeriesNames).ToHashSet();
        var problems = new List<string>();
        foreach (var (panel, expr) in queries)
        {
            var names = PromQlMetricNames.Of(expr);
            if (names.Count == 0)
                problems.Add($"{panel}: `{expr}` selects no metric");
            problems.AddRange(names.Where(n => !scraped.Contains(n)).Select(n => $"{panel}: {n} is in no scrape (`{expr}`)"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_scrape_passes_promtools_lint()
    {
        foreach (var (kind, scrape) in logForges.Scrapes)
            Assert.True(await Promtool.CheckMetricsAsync(scrape.Text) is "", $"{kind}: {await Promtool.CheckMetricsAsync(scrape.Text)}");
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(a_bucket{route=\"/logs\", code=~\"5..\"}[5m])))", "a_bucket")]
    [InlineData("sum(rate(a_total{ns=\"$namespace\"}[$__rate_interval])) / sum(rate(b_count[5m] offset 1h))", "a_total b_count")]
    [InlineData("a * on (pod) group_left (version) b unless c", "a b c")]
    [InlineData("count by (version) (logforge_build_info) > bool 1", "logforge_build_info")]
    [InlineData("label_values(logforge_build_info, namespace)", "logforge_build_info namespace")]
    public void PromQl_metric_names_are_the_selectors_not_functions_labels_or_keywords(string expr, string names)
    {
        Assert.Equal(names.Split(' ').Order(), PromQlMetricNames.Of(expr).Order());
    }

    private static bool SeriesOf(string series, string family, string type) =>
        series == family || (type == "histogram" && series is var s && (s == family + "_bucket" || s == family + "_sum" || s == family + "_count"));

    /// <summary>The rows of the table under "## The metrics": name | type | labels | where | meaning.</summary>
    private static List<DocumentedMetric> DocumentedMetrics()
    {
        var text = File.ReadAllText(Docs);
        var section = text[text.IndexOf("## The metrics", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(c => c.Trim()).ToArray())
            .Select(cells => new DocumentedMetric(
                cells[1].Trim('`'),
                cells[2],
                Backticked().Matches(cells[3]).Select(m => m.Groups[1].Value).ToHashSet(),
                cells[4]))
            .ToList();
    }

    /// <summary>Every panel's target expressions, and the metric of each query variable (label_values(metric, label)).</summary>
    private static List<(string Panel, string Expr)> DashboardQueries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var queries = new List<(string, string)>();
        foreach (var panel in json.RootElement.GetProperty("panels").EnumerateArray())
        {
            var title = panel.GetProperty("title").GetString()!;
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel {title} has no query");
            queries.AddRange(targets.Select(t => (title, t.GetProperty("expr").GetString()!)));
        }

        foreach (var variable in json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var definition = variable.GetProperty("type").GetString() == "query" ? variable.GetProperty("definition").GetString()! : "";
            if (LabelValues().Match(definition) is { Success: true } m)
                queries.Add(($"variable {variable.GetProperty("name").GetString()}", m.Groups[1].Value));
        }

        return queries;
    }

    [GeneratedRegex(@"\$__\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^label_values\((.+),\s*\w+\)$")]
    private static partial Regex LabelValues();
}
