using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LogForge.Api.Hosting;

/// <summary>
/// A Serilog sink that takes log events off the request path: <see cref="Emit"/> only queues the
/// event; one background loop formats everything queued and writes it to the output with one
/// write per batch (flushed whenever the queue runs dry), instead of one locked, flushed console
/// write per event. Nothing is dropped: past <see cref="Capacity"/> queued events, <see cref="Emit"/>
/// waits for room. Disposing drains the queue and flushes.
/// </summary>
public sealed class BackgroundLineSink : ILogEventSink, IDisposable
{
    public const int Capacity = 16 * 1024;

    private const int FlushEveryBytes = 32 * 1024;

    private readonly ITextFormatter _formatter;
    private readonly TextWriter _output;
    private readonly Channel<LogEvent> _queue = Channel.CreateBounded<LogEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writer;
    private int _disposed;

    /// <param name="formatter">Formats one event as one line.</param>
    /// <param name="output">Where the lines go; only the background writer touches it.</param>
    public BackgroundLineSink(ITextFormatter formatter, Stream output)
    {
        _formatter = formatter;
        _output = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), FlushEveryBytes) { AutoFlush = false };
        _writer = Task.Run(RunAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        if (_queue.Writer.TryWrite(logEvent))
        {
            return;
        }

        // Full (the writer is behind): wait for room rather than lose the line. Completed (disposed): drop.
        try
        {
            _queue.Writer.WriteAsync(logEvent).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var logEvent))
            {
                try
                {
                    _formatter.Format(logEvent, _output);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Serilog.Debugging.SelfLog.WriteLine("LogForge log writer could not format an event: {0}", ex);
                }
            }

            Flush();
        }

        Flush();
    }

    private void Flush()
    {
        try
        {
            _output.Flush();
        }
        catch (IOException ex)
        {
            Serilog.Debugging.SelfLog.WriteLine("LogForge log writer could not write: {0}", ex);
        }
    }
}
