using Serilog.Core;
using Serilog.Events;

namespace LogForge.Build.Engine;

/// <summary>Tags every log event with the target whose code wrote it (flows into awaited and parallel work).</summary>
internal sealed class CurrentTarget : ILogEventEnricher
{
    private static readonly AsyncLocal<string?> Name = new();

    public static IDisposable Enter(string target)
    {
        var previous = Name.Value;
        Name.Value = target;
        return new Restore(previous);
    }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var name = Name.Value;
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Target", name ?? "build"));
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("TargetTag", name is null ? "" : name + " │ "));
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Name.Value = previous;
    }
}
