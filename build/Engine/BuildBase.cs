using System.Runtime.InteropServices;

namespace LogForge.Build.Engine;

/// <summary>Base of a build class: its Target properties are the targets, its [Parameter] members the inputs.</summary>
public abstract class BuildBase
{
    /// <summary>The repository root: the nearest directory upward that holds a .nuke folder.</summary>
    public AbsolutePath RootDirectory { get; internal set; } = AbsolutePath.Create("/");

    /// <summary>Masks values in everything written; targets may add secrets they discover at run time.</summary>
    public SecretMasker SecretValues { get; internal set; } = new();

    /// <summary>The run logs JSON lines (--log-format json, or CI=true): a target that prints a report may write it as events instead.</summary>
    public bool JsonLogging { get; internal set; }

    /// <summary>Environment variables may also carry this prefix (PREFIX_NAME).</summary>
    protected internal virtual string? EnvironmentPrefix => null;

    /// <summary>Runs the build for this process: console output, Ctrl-C / SIGTERM, exit code.</summary>
    protected static int Execute<T>(string[] args, string defaultTarget) where T : BuildBase, new()
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancellation.IsCancellationRequested; // a second Ctrl-C ends the process at once
            cancellation.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        var error = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
        var context = RunContext.FromProcess(args, cancellation.Token) with { Output = output, Error = error };
        var result = BuildRunner.Run(new T(), defaultTarget, context);
        output.Flush();
        return result.ExitCode;
    }
}
