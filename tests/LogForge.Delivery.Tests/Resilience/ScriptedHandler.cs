using System.Net;

namespace LogForge.Delivery.Tests.Resilience;

/// <summary>The server end of a retry test: answers the requests in order from a script (the last answer repeats),
/// records what it was sent, and can stand for a reset connection.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private Func<HttpRequestMessage, HttpResponseMessage>? _last;

    public List<string> Requests { get; } = [];

    public ScriptedHandler Then(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
            return response;
        });
        return this;
    }

    public ScriptedHandler ThenReset()
    {
        _script.Enqueue(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.", new IOException("connection reset by peer")));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath} {body}".TrimEnd());
        var answer = _script.Count > 0 ? _last = _script.Dequeue() : _last ?? throw new InvalidOperationException("empty script");
        var response = answer(request);
        response.RequestMessage = request;
        return response;
    }
}
