using System.Diagnostics;
using System.Text;
using CliWrap;
using Serilog;
using Serilog.Events;

namespace LogForge.Delivery.Process;

/// <summary>
/// The one way the build starts a child process (helm, npm, dotnet, git). Output is captured for the
/// caller and streamed line by line into the log as the request asks; the build's log writer masks
/// every [Secret] value in it, so a child that prints a token shows ****.
/// Never throws on a non-zero exit (see <see cref="ProcessResult.EnsureSucceeded"/>); throws when the
/// program cannot be started, with what to install.
/// </summary>
public sealed class ProcessRunner(ILogger? log = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<ProcessRunner>();

    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken ct = default)
    {
        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
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
            .WithStandardOutputPipe(Capture(standardOutput))
            .WithStandardErrorPipe(Capture(standardError))
            .WithValidation(CommandResultValidation.None);
        if (request.StandardInput is not null)
            command = command.WithStandardInputPipe(PipeSource.FromString(request.StandardInput));

        _log.Debug("Running {Command}", request.Describe(int.MaxValue));
        var started = Stopwatch.GetTimestamp();
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start {request.Program}: {e.Message} — install it or put it on PATH.", e);
        }
        return new ProcessResult(request, result.ExitCode, standardOutput.ToString(), standardError.ToString(), Stopwatch.GetElapsedTime(started));
    }
}
