using System.Text;
using CliWrap;
using Serilog;

namespace LogForge.Build.Engine;

/// <summary>Runs a child process with its output streamed into the build log (so it is tagged and masked).</summary>
public static class ProcessTasks
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellation,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null, bool logOutput = true)
    {
        var argumentList = arguments.ToList();
        var captured = new StringBuilder();
        var tail = new Queue<string>();
        void OnLine(string line)
        {
            lock (captured)
            {
                captured.AppendLine(line);
                tail.Enqueue(line);
                if (tail.Count > 15) tail.Dequeue();
            }
            if (logOutput) Log.Information("{Output}", line);
        }

        var command = Cli.Wrap(program)
            .WithArguments(argumentList)
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None);

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(cancellation).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start {program}: {e.Message} — install it or put it on PATH.", e);
        }

        if (result.ExitCode != 0)
        {
            var last = logOutput ? "" : " Last output:\n" + string.Join("\n", tail);
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(" ", argumentList.Take(3))} exited with code {result.ExitCode}.{last}");
        }
        return captured.ToString();
    }
}
