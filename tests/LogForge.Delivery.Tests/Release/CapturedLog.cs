using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LogForge.Delivery.Tests.Release;

/// <summary>A Serilog logger whose rendered lines (and exceptions) a test can read.</summary>
internal sealed class CapturedLog : ILogEventSink
{
    // As the build's console writes it: strings without quotes ({Message:lj}), exceptions included.
    private static readonly Serilog.Formatting.Display.MessageTemplateTextFormatter Formatter = new("{Message:lj}{Exception}");
    private readonly List<string> _lines = [];

    public CapturedLog() => Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    public string Text => string.Join("\n", Lines);

    public void Emit(LogEvent logEvent)
    {
        var line = new StringWriter();
        Formatter.Format(logEvent, line);
        lock (_lines) _lines.Add(line.ToString());
    }
}
