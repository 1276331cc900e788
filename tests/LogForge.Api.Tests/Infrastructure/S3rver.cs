using LogForge.Testing.Kafka;
using LogForge.Testing.Storage;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>The shared s3rver (<see cref="S3rverServer"/>) as an xunit fixture, with a Minio client for the tests.</summary>
public sealed class S3rver : IAsyncLifetime
{
    public const string AccessKey = S3rverServer.AccessKey;
    public const string SecretKey = S3rverServer.SecretKey;

    private S3rverServer? _server;

    public string Endpoint => _server!.Endpoint;

    public async Task InitializeAsync() => _server = await S3rverServer.StartAsync();

    /// <summary>A Minio client for the tests; its HTTP handler fixes s3rver's ListObjects XML namespace.</summary>
    public IMinioClient Client() => new MinioClient()
        .WithEndpoint(Endpoint)
        .WithCredentials(AccessKey, SecretKey)
        .WithSSL(false)
        .WithHttpClient(new HttpClient(new S3rverListingFix { InnerHandler = new HttpClientHandler() }))
        .Build();

    public async Task<string> CreateBucketAsync(string name)
    {
        using var client = Client();
        await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(name));
        return name;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BackendsCollection : ICollectionFixture<S3rver>, ICollectionFixture<KafkaMockBroker>
{
    public const string Name = "Kafka and S3";
}
