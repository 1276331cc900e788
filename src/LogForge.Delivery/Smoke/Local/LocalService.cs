using System.Diagnostics;
using LogForge.Delivery.Process;
using Serilog;

namespace LogForge.Delivery.Smoke.Local;

/// <summary>
/// LogForge started from its build output on a free 127.0.0.1 port. Its start and its stop are rows of the
/// smoke table: start passes once the port accepts connections, fails when the process ends first (quoting
/// what it said) or does not listen in time; stop sends SIGTERM and passes when LogForge exits 0 within the
/// grace period. Disposing stops it, so it never outlives the run — finished, failed or cancelled.
/// </summary>
public sealed class LocalService : IAsyncDisposable
{
    public const string StartRow = "Start LogForge";
    public const string StopRow = "Stop LogForge (SIGTERM)";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly RunningProcess _process;
    private readonly ILogger _log;
    private SmokeCheckResult? _stopped;

    private LocalService(RunningProcess process, Uri baseAddress, ILogger log)
    {
        _process = process;
        BaseAddress = baseAddress;
        _log = log;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The start row; passed when LogForge listens.</summary>
    public SmokeCheckResult Started { get; private set; } = SmokeCheckResult.Skip(StartRow, "not started");

    public bool IsListening => Started.Status == Checks.CheckStatus.Passed;

    /// <summary>Starts `dotnet LogForge.Api.dll --urls http://127.0.0.1:PORT` in the build output directory (so its
    /// configuration watcher watches that directory, as in the image) and waits until it listens.</summary>
    public static async Task<LocalService> StartAsync(ServiceBinary binary, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout,
        ProcessRunner? runner = null, ILogger? log = null, CancellationToken ct = default)
    {
        log ??= Log.ForContext<LocalService>();
        var port = LoopbackPort.Free();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var clock = Stopwatch.StartNew();
        var arguments = new[] { binary.AssemblyPath, "--urls", baseAddress.ToString().TrimEnd('/') };
        var process = (runner ?? new ProcessRunner()).Start(new ProcessRequest(Dotnet.Executable, arguments)
        {
            WorkingDirectory = binary.Directory,
            Environment = environment,
            Echo = OutputEcho.Debug,
        });
        var service = new LocalService(process, baseAddress, log);
        try
        {
            service.Started = await service.WaitUntilListeningAsync(port, clock, timeout, ct);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>SIGTERM, then the stop row. A second call returns the first row.</summary>
    public async Task<SmokeCheckResult> StopAsync()
    {
        if (_stopped is not null) return _stopped;
        var stop = await _process.StopAsync(RunningProcess.DefaultGrace);
        _stopped = StopRowFor(stop);
        _log.Information("Stopped LogForge (pid {Pid}): {Detail}", ProcessId, _stopped.Detail);
        return _stopped;
    }

    private SmokeCheckResult StopRowFor(ProcessStop stop)
    {
        var exit = stop.Result.ExitCode;
        if (!IsListening)
            return SmokeCheckResult.Skip(StopRow, stop.AlreadyExited ? "LogForge ended during start-up" : "stopped after a failed start-up");
        if (stop.AlreadyExited)
            return SmokeCheckResult.Fail(StopRow, TimeSpan.Zero, $"LogForge had already ended, exit code {exit}: {Tail(stop.Result)}");
        if (stop.Killed)
            return SmokeCheckResult.Fail(StopRow, stop.Took, $"still running {RunningProcess.DefaultGrace.TotalSeconds:0} s after SIGTERM — killed it");
        return exit == 0
            ? SmokeCheckResult.Pass(StopRow, stop.Took, $"pid {ProcessId} exited 0")
            : SmokeCheckResult.Fail(StopRow, stop.Took, $"expected exit code 0 after SIGTERM — got {exit}: {Tail(stop.Result)}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
    }

    private async Task<SmokeCheckResult> WaitUntilListeningAsync(int port, Stopwatch clock, TimeSpan timeout, CancellationToken ct)
    {
        while (true)
        {
            if (_process.HasExited)
            {
                var result = await _process.Exited;
                return SmokeCheckResult.Fail(StartRow, clock.Elapsed, $"LogForge exited with code {result.ExitCode} before it listened: {Tail(result)}");
            }
            if (await LoopbackPort.AcceptsConnectionsAsync(port, ct))
            {
                _log.Information("LogForge is listening on {Address} (pid {Pid}, {Seconds:0.00} s)",
                    BaseAddress.ToString(), ProcessId, clock.Elapsed.TotalSeconds);
                return SmokeCheckResult.Pass(StartRow, clock.Elapsed, $"pid {ProcessId} listening on {BaseAddress}");
            }
            if (clock.Elapsed >= timeout)
                return SmokeCheckResult.Fail(StartRow, clock.Elapsed,
                    $"expected LogForge to listen on {BaseAddress} within {timeout.TotalSeconds:0.#} s — it did not; it wrote: {Tail(_process)}");
            await Task.Delay(PollInterval, ct);
        }
    }

    private static string Tail(ProcessResult result) => Quote(result.Tail(5));

    private static string Tail(RunningProcess process) =>
        Quote(string.Join("\n", (process.StandardError.Trim().Length > 0 ? process.StandardError : process.StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5)));

    private static string Quote(string text) => text.Trim().Length == 0 ? "(nothing)" : text.Trim();
}
