using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace LogForge.Build.Engine;

/// <summary>Serilog for a run: human lines locally, JSON lines in CI or with --log-format json; every
/// line tagged with its target and passed through the secret mask.</summary>
internal static class BuildLogging
{
    private const string HumanTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {TargetTag}{Message:lj}{NewLine}{Exception}";

    public static Logger Create(TextWriter output, bool json, bool verbose, OutputActivity activity)
    {
        ITextFormatter formatter = json ? new RenderedCompactJsonFormatter() : new MessageTemplateTextFormatter(HumanTemplate);
        return new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .Enrich.With(new CurrentTarget())
            .WriteTo.Sink(new TextWriterSink(formatter, output, activity))
            .CreateLogger();
    }

    public static bool UseJson(string? logFormat, IReadOnlyDictionary<string, string> environment) =>
        logFormat switch
        {
            "json" => true,
            "text" => false,
            _ => environment.TryGetValue("CI", out var ci) && ci.Equals("true", StringComparison.OrdinalIgnoreCase),
        };

    private sealed class TextWriterSink(ITextFormatter formatter, TextWriter output, OutputActivity activity) : ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            var line = new StringWriter();
            formatter.Format(logEvent, line);
            lock (_gate)
            {
                output.Write(line.ToString());
                output.Flush();
            }
            activity.Touch(logEvent.Properties.TryGetValue("Target", out var target) && target.ToString() == $"\"{OutputActivity.StatusTarget}\"");
        }
    }
}

/// <summary>When the build last wrote anything; the status line speaks up after a silence.</summary>
internal sealed class OutputActivity
{
    public const string StatusTarget = "status";
    private long _lastTicks = Environment.TickCount64;
    private volatile bool _lastWasStatus;

    public void Touch(bool isStatus)
    {
        _lastWasStatus = isStatus;
        Interlocked.Exchange(ref _lastTicks, Environment.TickCount64);
    }

    public bool LastWasStatus => _lastWasStatus;
    public TimeSpan Silence => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastTicks));
}
