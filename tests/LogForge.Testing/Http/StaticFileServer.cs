using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Http;

/// <summary>An HTTP server on 127.0.0.1 that serves fixed bytes at fixed paths (upstream downloads in tests) and counts requests.</summary>
public sealed class StaticFileServer : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    public Uri Url => _host.Url;

    public static async Task<StaticFileServer> StartAsync()
    {
        var server = new StaticFileServer();
        server._host = await LoopbackHost.StartAsync(app => app.Run(server.ServeAsync));
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> and returns its full URL.</summary>
    public string Serve(string path, byte[] content)
    {
        _files[path.TrimStart('/')] = content;
        return new Uri(Url, path.TrimStart('/')).ToString();
    }

    public int RequestsFor(string path) => _requests.GetValueOrDefault(path.TrimStart('/'));

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimStart('/') ?? "";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_files.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(content);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
