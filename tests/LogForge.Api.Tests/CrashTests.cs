using System.Collections.Concurrent;
using System.Net;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>The built service as a child process: SIGKILL under load, and SIGTERM for graceful shutdown.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Every_event_that_got_202_is_in_the_files_after_SIGKILL_under_load()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        await using var service = ServiceProcess.Start(TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));

        var acknowledged = new ConcurrentBag<string>();
        var underLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = service.Client.BaseAddress };
            for (var request = 0; !stop.IsCancellationRequested; request++)
            {
                var ids = Enumerable.Range(0, 5).Select(e => $"c{client}-r{request}-e{e}").ToList();
                var body = string.Join("\n", ids.Select(id => $$$"""{"message":"{{{id}}}","attributes":{"id":"{{{id}}}"}}"""));
                try
                {
                    using var response = await http.SendAsync(Http.PostLogs(body, "application/x-ndjson"));
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        ids.ForEach(acknowledged.Add);
                        if (acknowledged.Count > 500) underLoad.TrySetResult();
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the process is gone
                }
            }
        })).ToList();

        // Killed mid-load, with 16 clients still posting, once more than 500 events were acknowledged (not after a fixed time:
        // how many a loaded machine acknowledges in 2 s is luck).
        await underLoad.Task.WaitAsync(TimeSpan.FromSeconds(60));
        service.KillHard();
        await service.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var stored = DataFiles.Events(dataDir).Select(e => e.GetProperty("message").GetString()).ToHashSet();
        Assert.True(acknowledged.Count > 500, $"only {acknowledged.Count} events were acknowledged before the kill");
        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged events are missing, e.g. {string.Join(", ", lost.Take(5))}");
    }

    [Fact]
    public async Task SIGTERM_finishes_in_flight_requests_and_exits_cleanly()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        await using var service = ServiceProcess.Start(TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        using var response = await service.Client.SendAsync(Http.PostLogs("""{"message":"before shutdown"}"""));

        service.Terminate();
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.Contains("before shutdown", DataFiles.Lines(dataDir).Single());
    }
}
