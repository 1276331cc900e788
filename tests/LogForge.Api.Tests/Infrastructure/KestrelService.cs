using System.Net;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>A v1 (file) service in-process on a real Kestrel socket on 127.0.0.1, shared by one test class.</summary>
public sealed class KestrelService : IDisposable
{
    public KestrelService()
    {
        Factory = new LogForgeFactory(TestSettings.FilePipeline(Data.Path));
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        Client = Factory.CreateClient();
    }

    public TempDirectory Data { get; } = new();

    public LogForgeFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        Data.Dispose();
    }
}
