using System.Diagnostics;
using System.Text;
using CliWrap;
using Serilog;
using Serilog.Events;

namespace LogForge.Delivery.Process;

/// <summary>
/// The one way the build starts a child process (helm, npm, dotnet, git, the service under test). Output
/// is captured for the caller and streamed line by line into the log as the request asks; the build's
/// log writer masks every [Secret] value in it, so a child that prints a token shows ****.
/// <see cref="RunAsync"/> runs a command to its end and never throws on a non-zero exit (see
/// <see cref="ProcessResult.EnsureSucceeded"/>; cancelled, the child gets SIGINT, then a kill after a grace period);
/// <see cref="Start"/> starts a child that runs beside the
/// build until it is stopped. Both throw when the program cannot be started, with what to install.
/// </summary>
public sealed class ProcessRunner(ILogger? log = null, TimeSpan? cancelGrace = null)
{
    /// <summary>How long a child has after SIGINT, on cancellation, before it is killed.</summary>
    public static readonly TimeSpan DefaultCancelGrace = TimeSpan.FromSeconds(5);

    private readonly ILogger _log = log ?? Log.ForContext<ProcessRunner>();
    private readonly TimeSpan _cancelGrace = cancelGrace ?? DefaultCancelGrace;

    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken ct = default)
    {
        var output = new CapturedOutput();
        var command = Command(request, output);
        _log.Debug("Running {Command}", request.Describe(int.MaxValue));
        var started = Stopwatch.GetTimestamp();
        CommandResult result;
        // Cancelled, the child and its own children get SIGINT first, as Ctrl-C in a terminal gives them, so they can clean up (git
        // removes its index.lock and ref locks on SIGINT; a SIGKILL leaves them); they are killed only if they outlast the grace.
        using var kill = new CancellationTokenSource();
        try
        {
            var running = command.ExecuteAsync(kill.Token);
            using var interrupt = ct.Register(() =>
            {
                ProcessTree.Signal(running.ProcessId, ProcessTree.SigInt);
                kill.CancelAfter(_cancelGrace);
            });
            result = await running.ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw CannotStart(request, e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{request.Describe()} was cancelled (killed after {_cancelGrace.TotalSeconds:0.#} s)", ct);
        }
        ct.ThrowIfCancellationRequested(); // it ended on the SIGINT: its exit code is not an answer
        return new ProcessResult(request, result.ExitCode, output.StandardOutput, output.StandardError, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Starts a child that keeps running (a service under test) and returns at once; stop it with
    /// <see cref="RunningProcess.StopAsync"/> (SIGTERM, then a kill after the grace period) or by disposing it.</summary>
    public RunningProcess Start(ProcessRequest request)
    {
        var output = new CapturedOutput();
        var command = Command(request, output);
        _log.Debug("Starting {Command}", request.Describe(int.MaxValue));
        var kill = new CancellationTokenSource();
        try
        {
            return new RunningProcess(request, command.ExecuteAsync(kill.Token), output, kill);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            kill.Dispose();
            throw CannotStart(request, e);
        }
    }

    private Command Command(ProcessRequest request, CapturedOutput output)
    {
        var level = request.Echo == OutputEcho.Information ? LogEventLevel.Information : LogEventLevel.Debug;
        PipeTarget Capture(StringBuilder into) => PipeTarget.ToDelegate(line =>
        {
            lock (into) into.Append(line).Append('\n');
            if (request.Echo != OutputEcho.None) _log.Write(level, "{Output}", line);
        });

        var command = Cli.Wrap(request.Program)
            .WithArguments(request.Arguments)
            .WithWorkingDirectory(request.WorkingDirectory ?? Directory.GetCurrentDirectory())
            .WithEnvironmentVariables(request.Environment)
            .WithStandardOutputPipe(request.StandardOutputStream is { } raw ? PipeTarget.ToStream(raw) : Capture(output.Out))
            .WithStandardErrorPipe(Capture(output.Error))
            .WithValidation(CommandResultValidation.None);
        if (request.StandardInput is not null)
            command = command.WithStandardInputPipe(PipeSource.FromString(request.StandardInput));
        if (request.StandardInputBytes is not null)
            command = command.WithStandardInputPipe(PipeSource.FromBytes(request.StandardInputBytes));
        return command;
    }

    private static InvalidOperationException CannotStart(ProcessRequest request, System.ComponentModel.Win32Exception e) =>
        new($"Cannot start {request.Program}: {e.Message} — install it or put it on PATH.", e);
}

/// <summary>What a child wrote so far, line by line, on each stream.</summary>
internal sealed class CapturedOutput
{
    public StringBuilder Out { get; } = new();
    public StringBuilder Error { get; } = new();

    public string StandardOutput { get { lock (Out) return Out.ToString(); } }
    public string StandardError { get { lock (Error) return Error.ToString(); } }
}
