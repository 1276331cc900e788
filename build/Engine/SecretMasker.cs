namespace LogForge.Build.Engine;

/// <summary>
/// Replaces every registered secret value with ****, in every form <see cref="SecretForms"/> lists: the forms the
/// build's writers produce and the forms a server may echo back (JSON-escaped, base64 once or twice). Output is masked one
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
        var forms = values.SelectMany(SecretForms.Of).Where(f => f.Length >= MinimumLength).ToList();
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
}
