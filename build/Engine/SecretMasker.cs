using Serilog.Events;
using Serilog.Formatting.Json;

namespace LogForge.Build.Engine;

/// <summary>
/// Replaces every registered secret value with ****, in every form the build's writers produce:
/// the raw text (human lines, child output, exceptions), Serilog's quoted rendering of a string
/// property (<c>"</c> written <c>\"</c>, in JSON lines' <c>@m</c>), and the JSON string escaping of
/// both (Serilog's own escaper, so <c>\f</c> is matched as Serilog writes it). Output is masked one
/// line at a time (<see cref="MaskingTextWriter"/>), so each line of a multi-line secret is a secret
/// of its own. Thread-safe; longest first.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "****";

    /// <summary>Shorter values (and lines of a multi-line value) are not masked: masking "a" would shred every line.</summary>
    public const int MinimumLength = 3;

    private volatile string[] _forms = [];
    private readonly Lock _gate = new();

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return;
        var values = secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Prepend(secret).Where(v => v.Length >= MinimumLength);
        var forms = values.SelectMany(FormsOf).Where(f => f.Length >= MinimumLength).ToList();
        lock (_gate)
            _forms = [.. _forms.Concat(forms).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)];
    }

    public string Apply(string text)
    {
        foreach (var form in _forms)
            if (text.Contains(form, StringComparison.Ordinal))
                text = text.Replace(form, Mask, StringComparison.Ordinal);
        return text;
    }

    private static IEnumerable<string> FormsOf(string value)
    {
        var quoted = SerilogQuoted(value);
        return [value, quoted, JsonEscaped(value), JsonEscaped(quoted)];
    }

    /// <summary>How Serilog renders a string property into a message without the :l format (outer quotes removed).</summary>
    private static string SerilogQuoted(string value)
    {
        var text = new StringWriter();
        new ScalarValue(value).Render(text);
        return text.ToString()[1..^1];
    }

    /// <summary>How Serilog's JSON formatters write a string (outer quotes removed).</summary>
    private static string JsonEscaped(string value)
    {
        var text = new StringWriter();
        JsonValueFormatter.WriteQuotedJsonString(value, text);
        return text.ToString()[1..^1];
    }
}
