using LogForge.Api.Configuration;
using LogForge.Api.Ingest;
using LogForge.Api.Pipelines.Files;
using LogForge.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogForge.Api.Tests;

public sealed class FileLogWriterTests
{
    [Fact]
    public async Task Concurrent_requests_share_group_commits_and_every_event_is_in_the_file()
    {
        using var data = new TempDirectory();
        using var writer = Start(data.Path, maxBytes: 268_435_456);

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            using var batch = Batch($$"""[{"message":"event {{i}} a"},{"message":"event {{i}} b"}]""");
            await writer.PersistAsync(batch, CancellationToken.None);
        })));
        await writer.StopAsync(CancellationToken.None);

        var messages = DataFiles.Events(data.Path).Select(e => e.GetProperty("message").GetString()).ToHashSet();
        Assert.Equal(800, messages.Count);
        Assert.Contains("event 399 b", messages);
    }

    [Fact]
    public async Task A_day_file_rotates_past_the_size_limit_without_splitting_a_request()
    {
        using var data = new TempDirectory();
        using var writer = Start(data.Path, maxBytes: 4096);

        for (var i = 0; i < 40; i++)
        {
            using var batch = Batch($$"""[{"message":"{{i}} {{new string('r', 200)}}"},{"message":"{{i}} second"}]""");
            await writer.PersistAsync(batch, CancellationToken.None);
        }

        await writer.StopAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var files = Directory.GetFiles(data.Path, "logforge-*.ndjson");
        Assert.True(files.Length > 2, $"expected rotation, got {files.Length} file(s)");
        Assert.Contains(Path.Combine(data.Path, DailySegments.FileName(today, 0)), files);
        Assert.Contains(Path.Combine(data.Path, DailySegments.FileName(today, 1)), files);
        Assert.All(files, file => Assert.True(new FileInfo(file).Length <= 4096));
        Assert.Equal(80, DataFiles.Lines(data.Path).Count);
        Assert.All(files, file => Assert.EndsWith("second\"}", File.ReadAllLines(file)[^1]));
    }

    [Fact]
    public async Task A_torn_last_line_left_by_a_crash_is_cut_off_before_appending()
    {
        using var data = new TempDirectory();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        File.WriteAllText(Path.Combine(data.Path, DailySegments.FileName(today, 0)), "{\"message\":\"whole\"}\n{\"message\":\"tor");
        using var writer = Start(data.Path, maxBytes: 268_435_456);

        using (var batch = Batch("""{"message":"after restart"}"""))
        {
            await writer.PersistAsync(batch, CancellationToken.None);
        }

        await writer.StopAsync(CancellationToken.None);

        var messages = DataFiles.Events(data.Path).Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Equal(["whole", "after restart"], messages);
    }

    [Fact]
    public async Task Requests_are_refused_with_PipelineUnavailable_before_start_and_after_stop_and_queued_ones_are_written_by_stop()
    {
        using var data = new TempDirectory();
        var options = new LogForgeOptions { DataDir = data.Path, FileMaxBytes = 268_435_456, ApiKeys = "k" };
        using var notStarted = new FileLogWriter(Options.Create(options), TimeProvider.System, NullLogger<FileLogWriter>.Instance, TestMetrics.FilePipeline());
        using (var early = Batch("""{"message":"too early"}"""))
        {
            Assert.Throws<LogForge.Api.Pipelines.PipelineUnavailableException>(() => { _ = notStarted.PersistAsync(early, CancellationToken.None); });
        }

        using var writer = Start(data.Path, maxBytes: 268_435_456);
        var batches = Enumerable.Range(0, 200).Select(i => Batch($$"""{"message":"queued {{i}}"}""")).ToList();
        var persisted = batches.Select(batch => writer.PersistAsync(batch, CancellationToken.None)).ToList();
        await writer.StopAsync(CancellationToken.None);
        await Task.WhenAll(persisted);
        batches.ForEach(batch => batch.Dispose());

        using (var late = Batch("""{"message":"too late"}"""))
        {
            Assert.Throws<LogForge.Api.Pipelines.PipelineUnavailableException>(() => { _ = writer.PersistAsync(late, CancellationToken.None); });
        }

        var messages = DataFiles.Events(data.Path).Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"queued {i}"), messages);
    }

    private static FileLogWriter Start(string dataDir, long maxBytes)
    {
        var options = new LogForgeOptions { DataDir = dataDir, FileMaxBytes = maxBytes, ApiKeys = "k" };
        var writer = new FileLogWriter(Options.Create(options), TimeProvider.System, NullLogger<FileLogWriter>.Instance, TestMetrics.FilePipeline());
        Assert.True(writer.StartAsync(CancellationToken.None).IsCompletedSuccessfully);
        return writer;
    }

    private static EventBatch Batch(string json)
    {
        var error = EventParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), BodyFormat.Json, 10_000, DateTimeOffset.UtcNow, out var batch);
        Assert.Null(error);
        return batch!;
    }
}
