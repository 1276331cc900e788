using LogForge.Api.Configuration;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Api.Readiness;

/// <summary>v2: MinIO answers and the bucket exists.</summary>
public sealed class MinioBucketCheck(IMinioClient minio, LogForgeOptions options) : IReadinessCheck
{
    public string Name => "minio";

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var exists = await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(options.MinioBucket), cancellationToken);
        return exists ? null : $"bucket {options.MinioBucket} does not exist at {options.MinioEndpoint}";
    }
}
