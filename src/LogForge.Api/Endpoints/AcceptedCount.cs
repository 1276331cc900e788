using System.Buffers.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace LogForge.Api.Endpoints;

/// <summary>
/// 202 <c>{"accepted":N}</c> as application/json, written from bytes: the body of the most common
/// answers (N up to <see cref="CachedUpTo"/>) is built once, others are formatted without the JSON
/// serializer. Same status, content type and body as <c>TypedResults.Accepted(null, new IngestAccepted(N))</c>.
/// </summary>
public sealed class AcceptedCount : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/json; charset=utf-8";
    public const int CachedUpTo = 128;

    private static readonly AcceptedCount[] Cached = Enumerable.Range(0, CachedUpTo + 1).Select(n => new AcceptedCount(n)).ToArray();

    private readonly byte[] _body;

    private AcceptedCount(int count)
    {
        Count = count;
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(count, digits, out var length);
        _body = [.. "{\"accepted\":"u8, .. digits[..length], (byte)'}'];
    }

    public int Count { get; }

    public int? StatusCode => StatusCodes.Status202Accepted;

    public static AcceptedCount For(int count) => count is >= 0 and <= CachedUpTo ? Cached[count] : new AcceptedCount(count);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = ContentType;
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body).AsTask();
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status202Accepted, typeof(IngestAccepted), ["application/json"]));
}
