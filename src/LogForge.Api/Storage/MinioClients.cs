using LogForge.Api.Configuration;
using Minio;

namespace LogForge.Api.Storage;

/// <summary>Builds the MinIO client from the LOGFORGE_MINIO_* settings.</summary>
public static class MinioClients
{
    public static IMinioClient Create(LogForgeOptions options, HttpClient? httpClient = null)
    {
        var client = new MinioClient()
            .WithEndpoint(options.MinioEndpoint)
            .WithCredentials(options.MinioAccessKey, options.MinioSecretKey)
            .WithSSL(options.MinioUseSsl);
        if (httpClient is not null)
        {
            client = client.WithHttpClient(httpClient);
        }

        return client.Build();
    }
}
