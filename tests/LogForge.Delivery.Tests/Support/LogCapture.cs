using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace LogForge.Delivery.Tests.Support;

/// <summary>A Serilog logger whose events a test can read back, rendered as the build writes them (strings unquoted),
/// and can react to as they are written.</summary>
public sealed class LogCapture : ILogEventSink
{
    // As the build's console writes it: strings without quotes ({Message:lj}), exceptions included.
    private static readonly MessageTemplateTextFormatter Format = new("{Message:lj}{Exception}");
    private readonly List<string> _messages = [];

    public LogCapture() => Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    /// <summary>Called with every message as it is written.</summary>
    public Action<string>? OnMessage { get; set; }

    public IReadOnlyList<string> Messages
    {
        get { lock (_messages) return _messages.ToList(); }
    }

    public string Text => string.Join("\n", Messages);

    public void Emit(LogEvent logEvent)
    {
        var text = new StringWriter();
        Format.Format(logEvent, text);
        var message = text.ToString();
        lock (_messages) _messages.Add(message);
        OnMessage?.Invoke(message);
    }
}
