// S3 error answers as AWS S3 documents them ("Error responses": 503 SlowDown "Please reduce your request rate.",
// 500 InternalError "We encountered an internal error. Please try again."; the XML <Error> body with Code, Message,
// Resource, RequestId) and as MinIO sends them (cmd/api-errors.go: the same codes and status).
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using LogForge.Testing.Http;

namespace LogForge.Testing.Storage;

/// <summary>
/// A loopback HTTP proxy in front of an S3 server (s3rver) that answers the next N requests matching a method and path
/// with S3's 503 SlowDown or 500 InternalError, or resets their connection, and forwards everything else unchanged (the
/// Host header too: the client's SigV4 signature covers it), or holds one until the test releases it (<see cref="Hold"/>).
/// <see cref="Requests"/> lists what reached it.
/// </summary>
public sealed class S3FaultProxy : IAsyncDisposable
{
    public enum Answer { SlowDown, InternalError, Reset }

    private LoopbackHost _host = null!;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
    private readonly Lock _gate = new();
    private readonly List<(string Method, string Path, Answer Answer, int Left)> _rules = [];
    private readonly List<string> _requests = [];

    private S3FaultProxy(Uri upstream) => _upstream.BaseAddress = upstream;

    public static async Task<S3FaultProxy> StartAsync(IPEndPoint upstream)
    {
        var proxy = new S3FaultProxy(new Uri($"http://{upstream}/"));
        proxy._host = await LoopbackHost.StartAsync(app => app.Run(proxy.HandleAsync));
        return proxy;
    }

    public IPEndPoint IPEndPoint => _host.EndPoint;
    public string Endpoint => $"127.0.0.1:{IPEndPoint.Port}";

    /// <summary>"PUT /logforge-staging → 503", one per request, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate) return [.. _requests];
        }
    }

    /// <summary>Answers the next <paramref name="times"/> requests of <paramref name="method"/> on <paramref name="path"/>
    /// with <paramref name="answer"/>.</summary>
    public void Fail(string method, string path, Answer answer, int times = 1)
    {
        lock (_gate) _rules.Add((method, path, answer, times));
    }

    private readonly List<(string Method, string Path, HeldRequest Held)> _holds = [];

    /// <summary>The next <paramref name="method"/> on <paramref name="path"/> waits, not yet forwarded, until the test releases it.</summary>
    public HeldRequest Hold(string method, string path)
    {
        var held = new HeldRequest($"{method} {path}");
        lock (_gate) _holds.Add((method, path, held));
        return held;
    }

    private HeldRequest? TakeHold(HttpRequest request)
    {
        lock (_gate)
        {
            var index = _holds.FindIndex(h => h.Method == request.Method && h.Path == request.Path.Value);
            if (index < 0) return null;
            var held = _holds[index].Held;
            _holds.RemoveAt(index);
            return held;
        }
    }

    private Answer? Take(HttpRequest request)
    {
        lock (_gate)
        {
            var index = _rules.FindIndex(r => r.Left > 0 && r.Method == request.Method && r.Path == request.Path.Value);
            if (index < 0) return null;
            var rule = _rules[index];
            _rules[index] = rule with { Left = rule.Left - 1 };
            return rule.Answer;
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var answer = Take(http.Request);
        var line = $"{http.Request.Method} {http.Request.Path}";
        switch (answer)
        {
            case Answer.Reset:
                lock (_gate) _requests.Add($"{line} → reset");
                http.Abort();
                return;
            case Answer.SlowDown or Answer.InternalError:
                var (code, status, message) = answer == Answer.SlowDown
                    ? ("SlowDown", 503, "Please reduce your request rate.")
                    : ("InternalError", 500, "We encountered an internal error. Please try again.");
                lock (_gate) _requests.Add($"{line} → {status}");
                http.Response.StatusCode = status;
                http.Response.ContentType = "application/xml";
                await http.Response.WriteAsync($"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message>""" +
                    $"""<Resource>{http.Request.Path}</Resource><RequestId>fault-{Guid.NewGuid():N}</RequestId></Error>""");
                return;
        }
        if (TakeHold(http.Request) is { } held)
        {
            try
            {
                await held.HoldAsync(http.RequestAborted, () =>
                {
                    lock (_gate) _requests.Add($"{line} → abandoned while held");
                });
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        await ForwardAsync(http, line);
    }

    private async Task ForwardAsync(HttpContext http, string line)
    {
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), http.Request.Path + http.Request.QueryString);
        var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in http.Request.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        lock (_gate) _requests.Add($"{line} → {(int)response.StatusCode}");
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection"))
                http.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(http.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _upstream.Dispose();
    }
}
