namespace LogForge.Api.Tests.Infrastructure;

/// <summary>A v1 (file) service in-process on TestServer, shared by the tests of one class.</summary>
public sealed class FileService : IDisposable
{
    public FileService()
    {
        Factory = new LogForgeFactory(TestSettings.FilePipeline(Data.Path));
        Client = Factory.CreateClient();
    }

    public TempDirectory Data { get; } = new();

    public LogForgeFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>Events written so far whose message contains <paramref name="marker"/>.</summary>
    public List<System.Text.Json.JsonElement> EventsWith(string marker) =>
        DataFiles.Events(Data.Path).Where(e => e.GetProperty("message").GetString()!.Contains(marker, StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        Data.Dispose();
    }
}
