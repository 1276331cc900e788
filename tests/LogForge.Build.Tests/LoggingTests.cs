using System.Text.Json;
using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class LoggingTests : IDisposable
{
    private readonly TestRun _run = new();

    private sealed class QuietBuild : BuildBase
    {
        /// <summary>Set when the build has written a status line: Wait stays silent until then.</summary>
        public TaskCompletionSource StatusWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Target Say => _ => _.Executes(() => Serilog.Log.Information("hello from {Who}", "Say"));
        Target Wait => _ => _.Executes(async ct => await StatusWritten.Task.WaitAsync(TimeSpan.FromSeconds(60), ct));
    }

    [Fact]
    public void Local_runs_write_human_lines_tagged_with_the_target()
    {
        _run.Run(new QuietBuild(), "Say");
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d INF Say │ hello from Say$", _run.Output);
    }

    [Fact]
    public void CI_runs_write_json_lines_tagged_with_the_target()
    {
        _run.Environment["CI"] = "true";
        _run.Run(new QuietBuild(), "Say");
        var events = _run.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var hello = Assert.Single(events, e => e.GetProperty("@m").GetString() == "hello from \"Say\"");
        Assert.Equal("Say", hello.GetProperty("Target").GetString());
    }

    [Fact]
    public void Log_format_text_overrides_CI()
    {
        _run.Environment["CI"] = "true";
        _run.Run(new QuietBuild(), "Say", "--log-format", "text");
        Assert.Contains("INF Say │ hello from", _run.Output);
    }

    [Fact]
    public void A_silent_wait_longer_than_two_seconds_gets_a_status_line_with_the_elapsed_time()
    {
        var build = new QuietBuild();
        _run.OnOutput = text => { if (text.Contains("… still running: Wait", StringComparison.Ordinal)) build.StatusWritten.TrySetResult(); };

        var result = _run.Run(build, "Wait");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"status │ … still running: Wait \ds", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}
