using System.Net;
using System.Text;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>An HTTP handler that answers each path from a script: the answers for a path are given in turn, the last one repeats.
/// Records the requests it saw (method, path, Authorization header).</summary>
internal sealed class StubService : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<(int Status, string Body)>> _script = [];
    private readonly Dictionary<string, string> _contentTypes = [];
    private readonly List<string> _requests = [];

    public StubService Answer(string methodAndPath, params (int Status, string Body)[] answers)
    {
        _script[methodAndPath] = new Queue<(int, string)>(answers);
        return this;
    }

    /// <summary>Like <see cref="Answer(string, ValueTuple{int, string}[])"/>, with another content type than application/json.</summary>
    public StubService Answer(string methodAndPath, string contentType, params (int Status, string Body)[] answers)
    {
        _contentTypes[methodAndPath] = contentType;
        return Answer(methodAndPath, answers);
    }

    public IReadOnlyList<string> Requests { get { lock (_requests) return _requests.ToList(); } }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = $"{request.Method} {request.RequestUri!.AbsolutePath}";
        lock (_requests) _requests.Add($"{key} {request.Headers.Authorization?.ToString() ?? "(no key)"}");
        if (!_script.TryGetValue(key, out var answers))
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        var (status, body) = answers.Count > 1 ? answers.Dequeue() : answers.Peek();
        var content = new StringContent(body, Encoding.UTF8);
        var contentType = _contentTypes.GetValueOrDefault(key, "application/json; charset=utf-8");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = content });
    }
}
