namespace LogForge.Api.Ingest;

/// <summary>Why a request's events were refused: which event (index), which field, and the HTTP status.</summary>
public sealed record IngestError(int StatusCode, string Detail, int? Index = null, string? Field = null)
{
    public static IngestError Invalid(int? index, string? field, string detail) =>
        new(StatusCodes.Status400BadRequest, detail, index, field);

    public static IngestError TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);

    /// <summary>The client reset or aborted the connection before its body was read (nginx's 499): nothing can be answered.</summary>
    public static IngestError ClientClosed { get; } =
        new(StatusCodes.Status499ClientClosedRequest, "The client closed the connection before the body was read.");
}
