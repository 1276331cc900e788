using System.Text.Json;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>The built service as a child process (v1, file), shared by one test class, whose log the tests read.</summary>
public sealed class LoggedService : IAsyncLifetime
{
    private readonly TempDirectory _work = new();

    public ServiceProcess Process { get; private set; } = null!;

    public string DataDir => _work.Combine("data");

    public HttpClient Client => Process.Client;

    public int Port => Process.Port;

    public async Task InitializeAsync()
    {
        Process = ServiceProcess.Start(TestSettings.AsEnvironment(TestSettings.FilePipeline(DataDir)), _work.Path);
        await Process.WaitHealthyAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>How long a line the service should write may take to be read before the test counts as hung: load never reaches it.</summary>
    public static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);

    /// <summary>Waits for the request-log entry of a POST /logs answered with <paramref name="status"/> after the first
    /// <paramref name="skip"/> such entries (its output is read as it comes; <see cref="HungAfter"/> is a hang).</summary>
    public async Task<JsonElement> RequestLogEntryAsync(int status, int skip = 0)
    {
        var deadline = DateTime.UtcNow + HungAfter;
        while (true)
        {
            var entries = RequestLogEntries().Where(e => e.GetProperty("StatusCode").GetInt32() == status).Skip(skip).ToList();
            if (entries.Count > 0)
            {
                return entries[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no request-log entry with status {status} (after {skip}):\n{Process.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>The request-logging middleware's one line per request to /logs (other events inside a request carry RequestPath too).</summary>
    public List<JsonElement> RequestLogEntries() => Process.LogEvents()
        .Where(e => e.TryGetProperty("RequestPath", out var path) && path.GetString() == "/logs" && e.TryGetProperty("StatusCode", out _))
        .ToList();

    /// <summary>How many log events there are so far: pass it to <see cref="ErrorsSince"/>.</summary>
    public int LogMark() => Process.LogEvents().Count;

    /// <summary>Asserts that no log event after <paramref name="mark"/> is at Error level or carries an exception (a stack trace); waits a moment for the log to be written.</summary>
    public async Task AssertNoErrorsSinceAsync(int mark)
    {
        await Task.Delay(300);
        var errors = Process.LogEvents().Skip(mark)
            .Where(e => (e.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal") || e.TryGetProperty("@x", out _))
            .Select(e => e.GetRawText()[..Math.Min(e.GetRawText().Length, 1500)])
            .ToList();
        Assert.True(errors.Count == 0, "logged as errors:\n" + string.Join("\n", errors));
    }

    public async Task DisposeAsync()
    {
        await Process.DisposeAsync();
        _work.Dispose();
    }
}
