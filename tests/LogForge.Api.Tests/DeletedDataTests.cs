using System.Net;
using LogForge.Api.Pipelines.Files;
using LogForge.Api.Readiness;
using LogForge.Api.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LogForge.Api.Tests;

/// <summary>
/// The data directory or the open segment taken away while the service runs: a 202 must mean the events
/// are in a file a reader of the directory finds, so the writer notices at the next group and writes
/// into the directory again, or answers 503 while there is no directory.
/// </summary>
public sealed class DeletedDataTests
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Without_its_data_directory_the_service_answers_503_and_is_unready_and_once_it_is_back_the_events_land_in_it()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow); // the readiness report's cache expires when the test says so
        using var factory = new LogForgeFactory(TestSettings.FilePipeline(dataDir), clock);
        var client = factory.CreateClient();
        using var before = await client.SendAsync(Http.PostLogs("""{"message":"before rm -rf"}"""));
        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);

        Directory.Delete(dataDir, recursive: true);
        using var gone = await client.SendAsync(Http.PostLogs("""{"message":"while gone"}"""));
        var problem = await gone.JsonAsync();
        using var unready = await client.GetAsync("/ready");
        var check = (await unready.JsonAsync()).GetProperty("checks")[0];

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        Assert.Equal("1", gone.Headers.RetryAfter?.ToString());
        Assert.Equal("The data directory does not exist.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        Assert.Contains($"{dataDir} does not exist", check.GetProperty("detail").GetString());
        Assert.False(Directory.Exists(dataDir), "the writer must not recreate the directory by itself");

        Directory.CreateDirectory(dataDir);
        using var back = await client.SendAsync(Http.PostLogs("""{"message":"after mkdir"}"""));
        clock.Advance(ReadinessProbe.CacheFor);
        using var ready = await client.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.Accepted, back.StatusCode);
        Assert.Equal(["after mkdir"], DataFiles.Events(dataDir).Select(e => e.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_directory_deleted_and_recreated_at_once_gets_the_next_events_in_a_new_file()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        using var factory = new LogForgeFactory(TestSettings.FilePipeline(dataDir));
        var client = factory.CreateClient();
        using var before = await client.SendAsync(Http.PostLogs("""{"message":"before"}"""));

        Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        using var after = await client.SendAsync(Http.PostLogs("""{"message":"after"}"""));

        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal(["after"], DataFiles.Events(dataDir).Select(e => e.GetProperty("message").GetString()));
    }

    public static TheoryData<string> WaysToTakeTheSegment() => ["deleted", "moved out of the directory", "renamed in the directory (rotated by hand)"];

    [Theory]
    [MemberData(nameof(WaysToTakeTheSegment))]
    public async Task A_segment_taken_away_while_open_is_replaced_by_a_new_file_at_its_path_holding_the_next_group(string how)
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        using var factory = new LogForgeFactory(TestSettings.FilePipeline(dataDir));
        var client = factory.CreateClient();
        using var before = await client.SendAsync(Http.PostLogs("""{"message":"before"}"""));
        var segment = Path.Combine(dataDir, DailySegments.FileName(Today, 0));
        var elsewhere = how.StartsWith("moved", StringComparison.Ordinal) ? work.Combine("taken.ndjson") : Path.Combine(dataDir, "taken.ndjson.old");
        var taken = File.ReadAllBytes(segment);
        if (how == "deleted")
        {
            File.Delete(segment);
        }
        else
        {
            File.Move(segment, elsewhere);
        }

        using var after = await client.SendAsync(Http.PostLogs("""{"message":"after"}"""));

        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal(["after"], DataFiles.Events(dataDir).Select(e => e.GetProperty("message").GetString()));
        Assert.Contains("after", File.ReadAllText(segment));
        if (how != "deleted")
        {
            Assert.Equal(taken, File.ReadAllBytes(elsewhere)); // the group written before the move was noticed was taken back out
        }
    }

    [StraceFact]
    public async Task A_new_segment_is_followed_by_an_fsync_of_its_directory_so_a_crash_cannot_lose_its_name()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        var trace = work.Combine("trace");
        string[] launcher = ["strace", "-f", "-qq", "--seccomp-bpf", "-o", trace, "-e", "trace=openat,fsync"];
        await using var service = ServiceProcess.StartUnder(launcher, TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(60));

        using var response = await service.Client.SendAsync(Http.PostLogs("""{"message":"first of the day"}"""));
        service.TerminateLaunched();
        await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var lines = File.ReadAllLines(trace);
        var created = Array.FindIndex(lines, line => line.Contains($"\"{Path.Combine(dataDir, DailySegments.FileName(Today, 0))}\"", StringComparison.Ordinal) && line.Contains("O_CREAT", StringComparison.Ordinal));
        Assert.True(created >= 0, "the segment was not created:\n" + string.Join("\n", lines.Where(l => l.Contains(dataDir, StringComparison.Ordinal))));
        var directoryOpen = lines.Skip(created)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, $"openat\\(AT_FDCWD, \"{System.Text.RegularExpressions.Regex.Escape(dataDir)}\", O_RDONLY\\|O_CLOEXEC\\) = (\\d+)"))
            .FirstOrDefault(match => match.Success);
        Assert.True(directoryOpen is not null, "the data directory was not opened after the segment was created");
        Assert.Contains(lines.Skip(created), line => line.Contains($"fsync({directoryOpen!.Groups[1].Value})", StringComparison.Ordinal) && line.TrimEnd().EndsWith("= 0", StringComparison.Ordinal));
    }
}
