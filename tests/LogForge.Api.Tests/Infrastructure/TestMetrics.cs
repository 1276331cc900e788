using LogForge.Api.Configuration;
using LogForge.Api.Metrics;
using LogForge.Testing.Metrics;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>Metrics for components built by hand in a test, and waiting for a scrape to show something.</summary>
public static class TestMetrics
{
    public static FilePipelineMetrics FilePipeline() =>
        new(new MetricsRegistry(Options.Create(new LogForgeOptions()), ServiceRole.Api));

    public static KafkaProducerMetrics KafkaProducer() =>
        new(new MetricsRegistry(Options.Create(new LogForgeOptions()), ServiceRole.Api));

    /// <summary>Scrapes until <paramref name="condition"/> holds (the service does its part in the background); fails after
    /// <paramref name="timeout"/> with the last scrape.</summary>
    public static async Task<MetricsScrape> ScrapeUntilAsync(HttpClient client, Func<MetricsScrape, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var scrape = await MetricsScrape.GetAsync(client);
            if (condition(scrape))
                return scrape;
            Assert.True(DateTime.UtcNow < deadline, $"no scrape showed {what} within {timeout.TotalSeconds:0} s; the last:\n{scrape.Text}");
            await Task.Delay(100);
        }
    }
}
