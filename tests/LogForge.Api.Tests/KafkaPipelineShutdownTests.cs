using LogForge.Api.Configuration;
using LogForge.Api.Pipelines.Kafka;
using LogForge.Api.Tests.Infrastructure;
using LogForge.Testing.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Tests;

/// <summary>
/// The v2 pipeline's stop and dispose in the orders a host uses. A loaded run caught WebApplicationFactory's dispose
/// stopping the host while Program's RunAsync, woken by the same stop, stopped it too and disposed the services: the
/// flush then ran on a destroyed librdkafka handle ("handle is destroyed", ObjectDisposedException).
/// </summary>
[Collection(BackendsCollection.Name)]
public sealed class KafkaPipelineShutdownTests(KafkaMockBroker kafka)
{
    private KafkaIngestPipeline Pipeline() => new(
        Options.Create(new LogForgeOptions { KafkaBootstrapServers = kafka.BootstrapServers, KafkaTopic = "shutdown-" + Guid.NewGuid().ToString("N")[..8] }),
        NullLogger<KafkaIngestPipeline>.Instance, TestMetrics.KafkaProducer());

    [Fact]
    public async Task A_stop_after_the_services_were_disposed_is_not_an_error()
    {
        var pipeline = Pipeline();
        pipeline.Dispose();

        await pipeline.StopAsync(CancellationToken.None);
        pipeline.Dispose();
    }

    [Fact]
    public async Task Stops_and_disposes_racing_from_two_threads_never_touch_a_destroyed_handle()
    {
        for (var round = 0; round < 20; round++)
        {
            var pipeline = Pipeline();
            using var start = new Barrier(2);
            var stop = Task.Run(() => { start.SignalAndWait(); return pipeline.StopAsync(CancellationToken.None); });
            var dispose = Task.Run(() => { start.SignalAndWait(); pipeline.Dispose(); });

            await Task.WhenAll(stop, dispose);
        }
    }
}
