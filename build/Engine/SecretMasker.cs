namespace LogForge.Build.Engine;

/// <summary>Replaces every registered secret value with ****. Thread-safe; longest secrets first.</summary>
public sealed class SecretMasker
{
    public const string Mask = "****";
    private volatile string[] _secrets = [];
    private readonly Lock _gate = new();

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 3) return; // masking "a" would shred every line
        lock (_gate)
        {
            // JSON log lines carry the escaped form of a value, so mask that form as well.
            var forms = new[] { secret, JsonEscaped(secret) }.Where(f => !_secrets.Contains(f)).Distinct();
            _secrets = [.. _secrets.Concat(forms).OrderByDescending(s => s.Length)];
        }
    }

    private static string JsonEscaped(string value)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in value)
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return text.ToString();
    }

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
