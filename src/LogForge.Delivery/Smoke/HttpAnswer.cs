using System.Text;

namespace LogForge.Delivery.Smoke;

/// <summary>What came back for one request: a status and body, or why nothing came back.</summary>
public sealed record HttpAnswer(int? Status, byte[] Body, string? Error)
{
    /// <summary>How much of a body a failing row quotes.</summary>
    public const int ExcerptBytes = 200;

    /// <summary>How much of a body a passing row quotes: enough to see what answered.</summary>
    public const int BriefBytes = 60;

    /// <summary>The Content-Type header of the answer, when it had one.</summary>
    public string? ContentType { get; init; }

    public static HttpAnswer Of(int status, byte[] body, string? contentType = null) => new(status, body, null) { ContentType = contentType };

    public static HttpAnswer NoAnswer(string error) => new(null, [], error);

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>`503 {"status":…}`: the status and the first <paramref name="excerptBytes"/> bytes of the body on one line,
    /// or `no answer: …`.</summary>
    public string Describe(int excerptBytes = ExcerptBytes)
    {
        if (Status is null) return $"no answer: {Error}";
        if (Body.Length == 0) return $"{Status} (empty body)";
        var excerpt = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, excerptBytes));
        excerpt = string.Join(' ', excerpt.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return $"{Status} {excerpt}{(Body.Length > excerptBytes ? "…" : "")}";
    }
}
