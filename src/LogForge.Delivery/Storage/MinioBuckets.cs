using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace LogForge.Delivery.Storage;

/// <summary>
/// The buckets of deploy/env/policy.yaml (logforge-staging, logforge-production) through the Minio
/// SDK: checked, and with <c>create</c> made when missing (`mc mb --ignore-existing`). Refused
/// credentials and an unreachable endpoint are one line each.
/// </summary>
public sealed class MinioBuckets(MinioAccess access, HttpClient? http = null)
{
    public async Task<IReadOnlyList<BucketCheck>> EnsureAsync(IEnumerable<(string Environment, string Bucket)> buckets, bool create, CancellationToken ct)
    {
        var builder = new MinioClient().WithEndpoint(access.Endpoint).WithCredentials(access.AccessKey, access.SecretKey).WithSSL(false);
        if (http is not null) builder = builder.WithHttpClient(http);
        using var client = builder.Build();

        var results = new List<BucketCheck>();
        foreach (var (env, bucket) in buckets)
        {
            var exists = await CallAsync($"check bucket {bucket}", () => client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), ct), ct);
            if (exists)
                results.Add(new BucketCheck(env, bucket, BucketState.Present));
            else if (!create)
                results.Add(new BucketCheck(env, bucket, BucketState.Missing));
            else
            {
                await CallAsync($"create bucket {bucket}", async () =>
                {
                    await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), ct);
                    return true;
                }, ct);
                results.Add(new BucketCheck(env, bucket, BucketState.Created));
            }
        }
        return results;
    }

    private async Task<T> CallAsync<T>(string action, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AuthorizationException or AccessDeniedException
                                      || (e is MinioException m && (m.Message.Contains("AccessDenied", StringComparison.Ordinal)
                                                                    || m.Message.Contains("InvalidAccessKeyId", StringComparison.Ordinal)
                                                                    || m.Message.Contains("SignatureDoesNotMatch", StringComparison.Ordinal))))
        {
            throw new InvalidOperationException($"MinIO at {access} refused the credentials to {action} — " +
                "check --minio-access-key/--minio-secret-key, or the lab's Secret storage/minio-root", e);
        }
        catch (Exception e) when (e is HttpRequestException or ConnectionException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new InvalidOperationException($"cannot reach MinIO at {access} to {action}: {e.Message} — is MinIO running? Check --minio-endpoint", e);
        }
        catch (MinioException e)
        {
            throw new InvalidOperationException($"MinIO at {access} could not {action}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
