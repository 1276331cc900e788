using System.Diagnostics;
using System.Runtime.InteropServices;
using CliWrap;

namespace LogForge.Delivery.Process;

/// <summary>
/// A child started by <see cref="ProcessRunner.Start"/> that runs beside the build. Stopping it sends
/// SIGTERM (the signal Kubernetes sends a pod), waits for the grace period, then kills it (Windows has
/// no SIGTERM: there it is killed at once). Disposing stops it the same way, so a child never outlives the code that started it —
/// whether that code finished, failed or was cancelled.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    private readonly CapturedOutput _output;
    private readonly CancellationTokenSource _kill;
    private readonly long _started = Stopwatch.GetTimestamp();
    private ProcessStop? _stop;

    internal RunningProcess(ProcessRequest request, CommandTask<CommandResult> task, CapturedOutput output, CancellationTokenSource kill)
    {
        Request = request;
        Id = task.ProcessId;
        _output = output;
        _kill = kill;
        Exited = WaitAsync(task);
    }

    public ProcessRequest Request { get; }

    public int Id { get; }

    /// <summary>Completes when the child has ended, however it ended.</summary>
    public Task<ProcessResult> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public string StandardOutput => _output.StandardOutput;

    public string StandardError => _output.StandardError;

    /// <summary>SIGTERM, then a kill when it has not ended within <paramref name="grace"/>. Returns how it ended;
    /// a second call returns the first answer.</summary>
    public async Task<ProcessStop> StopAsync(TimeSpan grace)
    {
        if (_stop is not null) return _stop;
        var clock = Stopwatch.StartNew();
        var alreadyExited = HasExited;
        var killed = false;
        if (!alreadyExited)
        {
            if (OperatingSystem.IsWindows()) grace = TimeSpan.Zero;
            else PosixSignals.Terminate(Id);
            if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
            {
                killed = true;
                await _kill.CancelAsync().ConfigureAwait(false);
            }
        }
        var result = await Exited.ConfigureAwait(false);
        _stop = new ProcessStop(result, alreadyExited, killed, clock.Elapsed);
        return _stop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(DefaultGrace).ConfigureAwait(false);
        _kill.Dispose();
    }

    private async Task<ProcessResult> WaitAsync(CommandTask<CommandResult> task)
    {
        int exitCode;
        try
        {
            exitCode = (await task.ConfigureAwait(false)).ExitCode;
        }
        catch (OperationCanceledException)
        {
            exitCode = ProcessStop.KilledExitCode;
        }
        return new ProcessResult(Request, exitCode, _output.StandardOutput, _output.StandardError, Stopwatch.GetElapsedTime(_started));
    }

    private static class PosixSignals
    {
        private const int SigTerm = 15;

        /// <summary>Sends SIGTERM; a child that has just ended (ESRCH) is not an error.</summary>
        public static void Terminate(int processId) => _ = kill(processId, SigTerm);

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}

/// <summary>How a <see cref="RunningProcess"/> ended when it was stopped.</summary>
/// <param name="AlreadyExited">It had ended by itself before it was asked to stop.</param>
/// <param name="Killed">It did not end within the grace period after SIGTERM and was killed.</param>
public sealed record ProcessStop(ProcessResult Result, bool AlreadyExited, bool Killed, TimeSpan Took)
{
    /// <summary>The exit code reported for a killed child (128 + SIGKILL, as a shell reports it).</summary>
    public const int KilledExitCode = 137;
}
