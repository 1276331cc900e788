using System.Net;
using LogForge.Api.Pipelines.Files;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>
/// A crash mid-write leaves a torn last line. At start the built service cuts it from every segment —
/// the previous day's too, which it never appends to but which is still read and shipped — and says so
/// in one log line per file, naming the file and the bytes cut.
/// </summary>
public sealed class TornLineTests
{
    [Fact]
    public async Task Torn_last_lines_of_every_segment_are_cut_at_start_with_one_log_line_each_naming_file_and_bytes()
    {
        using var work = new TempDirectory();
        var dataDir = work.Combine("data");
        Directory.CreateDirectory(dataDir);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var yesterday = Path.Combine(dataDir, DailySegments.FileName(today.AddDays(-1), 0));
        var todayFirst = Path.Combine(dataDir, DailySegments.FileName(today, 0));
        var todayLatest = Path.Combine(dataDir, DailySegments.FileName(today, 1));
        const string whole = "{\"message\":\"whole\"}\n";
        File.WriteAllText(yesterday, whole + "{\"message\":\"torn yester");
        File.WriteAllText(todayFirst, whole);
        File.WriteAllText(todayLatest, whole + whole + "{\"mess");

        await using var service = ServiceProcess.Start(TestSettings.AsEnvironment(TestSettings.FilePipeline(dataDir)), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        using var response = await service.Client.SendAsync(Http.PostLogs("""{"message":"after restart"}"""));
        service.Terminate();
        await service.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(whole, File.ReadAllText(yesterday));
        Assert.Equal(whole, File.ReadAllText(todayFirst));
        Assert.StartsWith(whole + whole + "{", File.ReadAllText(todayLatest));
        Assert.EndsWith("after restart\"}\n", File.ReadAllText(todayLatest));
        var cuts = service.LogEvents()
            .Where(e => e.TryGetProperty("@mt", out var template) && template.GetString()!.Contains("torn last line", StringComparison.Ordinal))
            .Select(e => (Path: e.GetProperty("Path").GetString(), Bytes: e.GetProperty("Bytes").GetInt64()))
            .OrderBy(cut => cut.Path, StringComparer.Ordinal)
            .ToList();
        Assert.Equal([(yesterday, 23L), (todayLatest, 6L)], cuts);
    }
}
