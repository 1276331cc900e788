using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogForge.Testing.Http;

/// <summary>
/// Kestrel on 127.0.0.1 at a free port, plain HTTP/1.1 (Kestrel's default protocols; without TLS there is no ALPN to
/// offer h2), routing available and no log output: the host under every in-process test server.
/// </summary>
public sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan? _stopWithin;

    private LoopbackHost(WebApplication app, Uri url, TimeSpan? stopWithin)
    {
        _app = app;
        Url = url;
        _stopWithin = stopWithin;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Url { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Url.Port);

    /// <summary>Builds the host, lets <paramref name="serve"/> set up the request pipeline, and starts listening.
    /// <paramref name="kestrel"/>: limits beyond Kestrel's defaults. <paramref name="stopWithin"/>: how long a stop lets open
    /// requests finish before it aborts them (default: the host's shutdown timeout).</summary>
    public static async Task<LoopbackHost> StartAsync(Action<WebApplication> serve, Action<KestrelServerOptions>? kestrel = null,
        TimeSpan? stopWithin = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(k);
        });
        builder.Services.AddRouting();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        serve(app);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackHost(app, new Uri(address.TrimEnd('/') + "/"), stopWithin);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopWithin is { } within)
        {
            using var stopping = new CancellationTokenSource(within);
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        else
            await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
