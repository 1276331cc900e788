using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using LogForge.Api.Pipelines.Files;
using LogForge.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LogForge.Api.Tests;

/// <summary>
/// A failing disk under the built service (a child process): a 503 means nothing of the request is in the
/// files, a 202 means all of it is, and a retry after the failure is stored once. See <see cref="SmallDisk"/>
/// for how the disk fills up (tmpfs, or RLIMIT_FSIZE where mounting is not allowed) and
/// <see cref="StraceFactAttribute"/> for the EIO case.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const int EventsPerBatch = 500;

    [Fact]
    public async Task After_a_503_for_a_full_disk_the_file_holds_exactly_the_202s_and_the_retry_is_stored_once()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        using var disk = SmallDisk.Create(dataDir);
        output.WriteLine($"disk full by: {disk.Mechanism}");
        await AssertRefusedBatchLeavesNothingAndIsStoredOnceOnRetryAsync(work, dataDir, disk);
    }

    [Fact]
    public async Task A_write_cut_short_at_the_file_size_limit_and_failing_with_EFBIG_leaves_nothing_and_the_service_keeps_running()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        using var disk = SmallDisk.Create(dataDir, allowMount: false);
        output.WriteLine($"disk full by: {disk.Mechanism}");
        await AssertRefusedBatchLeavesNothingAndIsStoredOnceOnRetryAsync(work, dataDir, disk);
    }

    [Fact]
    public async Task Concurrent_requests_filling_the_disk_are_stored_whole_if_202_and_not_at_all_if_503()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        using var disk = SmallDisk.Create(dataDir);
        output.WriteLine($"disk full by: {disk.Mechanism}");
        await using var service = ServiceProcess.StartUnder(SmallDisk.Launcher, TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        disk.Limit(service.Pid);

        var accepted = new ConcurrentBag<int>();
        var refused = new ConcurrentBag<int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = service.Client.BaseAddress };
            while (true)
            {
                var batch = Interlocked.Increment(ref next);
                using var response = await http.SendAsync(Http.PostLogs(Batch(batch, 50), "application/x-ndjson"));
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    refused.Add(batch);
                    return;
                }

                accepted.Add(batch);
            }
        })));

        var stored = StoredIds(dataDir);
        Assert.True(accepted.Count > 10, $"only {accepted.Count} batches were accepted before the disk was full\n{service.Output}");
        Assert.Equal(8, refused.Count);
        var expected = accepted.SelectMany(batch => Enumerable.Range(0, 50).Select(e => $"b{batch}-e{e}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, stored.Order(StringComparer.Ordinal));
        Assert.False(service.HasExited);
    }

    [StraceFact]
    public async Task An_fsync_failing_with_EIO_gets_503_and_leaves_the_file_as_the_202s_left_it()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        // The second fsync of the segment file (the second group's) fails; the ones after succeed.
        var segment = Path.Combine(dataDir, DailySegments.FileName(DateOnly.FromDateTime(DateTime.UtcNow), 0));
        string[] launcher = ["strace", "-f", "-qq", "--seccomp-bpf", "-o", "/dev/null", "-P", segment, "-e", "trace=fsync", "-e", "inject=fsync:error=EIO:when=2"];
        await using var service = ServiceProcess.StartUnder(launcher, TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(60));

        using var first = await service.Client.SendAsync(Http.PostLogs(Batch(0, 3), "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var afterFirst = FileBytes(dataDir);

        using var failed = await service.Client.SendAsync(Http.PostLogs(Batch(1, 3), "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(afterFirst, FileBytes(dataDir));

        using var retried = await service.Client.SendAsync(Http.PostLogs(Batch(1, 3), "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(["b0-e0", "b0-e1", "b0-e2", "b1-e0", "b1-e1", "b1-e2"], StoredIds(dataDir));
        await service.WrittenAsync("Input/output error"); // logged with the 503; fails the test if it never comes
    }

    private async Task AssertRefusedBatchLeavesNothingAndIsStoredOnceOnRetryAsync(TempDirectory work, string dataDir, SmallDisk disk)
    {
        await using var service = ServiceProcess.StartUnder(SmallDisk.Launcher, TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        disk.Limit(service.Pid);

        var batch = 0;
        var acknowledged = Array.Empty<byte>();
        HttpResponseMessage response;
        while (true)
        {
            response = await service.Client.SendAsync(Http.PostLogs(Batch(batch, EventsPerBatch), "application/x-ndjson"));
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                break;
            }

            response.Dispose();
            acknowledged = FileBytes(dataDir);
            batch++;
            Assert.True(batch < 100, "the disk never filled up");
        }

        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"batch {batch}: {(int)response.StatusCode}\n{service.Output}");
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.True(batch >= 3, $"only {batch} batches fitted");
        Assert.Equal(acknowledged, FileBytes(dataDir));
        Assert.False(service.HasExited, service.Output);

        disk.FreeSpace();
        using var retried = await service.Client.SendAsync(Http.PostLogs(Batch(batch, EventsPerBatch), "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var expected = Enumerable.Range(0, batch + 1).SelectMany(b => Enumerable.Range(0, EventsPerBatch).Select(e => $"b{b}-e{e}"));
        Assert.Equal(expected, StoredIds(dataDir));
        var stored = FileBytes(dataDir);
        Assert.Equal(acknowledged, stored[..acknowledged.Length]);
    }

    private static string Batch(int batch, int events) => string.Concat(Enumerable.Range(0, events)
        .Select(e => $$$"""{"message":"b{{{batch}}}-e{{{e}}} {{{new string('x', 100)}}}","attributes":{"id":"b{{{batch}}}-e{{{e}}}"}}""" + "\n"));

    /// <summary>The segment files' bytes, in name order (one segment here: the limits are far below the rotation size).</summary>
    private static byte[] FileBytes(string dataDir) =>
        Directory.GetFiles(dataDir, "logforge-*.ndjson").Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray();

    private static List<string> StoredIds(string dataDir) => DataFiles.Lines(dataDir)
        .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("attributes").GetProperty("id").GetString()!)
        .ToList();
}
