using System.Net;
using System.Security.Cryptography;
using k8s;
using k8s.Models;

namespace LogForge.Delivery.Cluster.Lab;

/// <summary>
/// The lab MinIO's root credentials, Secret storage/minio-root: generated once (a random 32-byte
/// password) and kept on every later run — MinIO's data was written with them. Never printed.
/// </summary>
public sealed class MinioRootSecret(ClusterConnection cluster)
{
    public const string Namespace = "storage";
    public const string Name = "minio-root";
    public const string UserKey = "MINIO_ROOT_USER";
    public const string PasswordKey = "MINIO_ROOT_PASSWORD";
    public const string User = "logforge-admin";

    /// <summary>True when this run created it.</summary>
    public async Task<bool> EnsureAsync(CancellationToken ct)
    {
        if (await ReadAsync(ct) is not null) return false;
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Labels = new Dictionary<string, string> { ["app"] = "minio" } },
            Type = "Opaque",
            StringData = new Dictionary<string, string>
            {
                [UserKey] = User,
                [PasswordKey] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            },
        };
        try
        {
            await ClusterCall.RunAsync(cluster, $"create Secret {Namespace}/{Name}",
                () => cluster.Api.CoreV1.CreateNamespacedSecretAsync(secret, Namespace, fieldManager: ServerSideApplier.FieldManager,
                    cancellationToken: ct), ct);
            return true;
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.Conflict)
        {
            // 409 AlreadyExists: a repeat of a create whose answer was lost (the retry policy repeats creates), or another
            // run created it meanwhile. Either way it exists and is kept; it is ours when it holds the password we generated.
            var stored = await ReadAsync(ct);
            return stored?.Password == secret.StringData[PasswordKey];
        }
    }

    /// <summary>(user, password), or null when the secret does not exist.</summary>
    public async Task<(string User, string Password)?> ReadAsync(CancellationToken ct)
    {
        V1Secret secret;
        try
        {
            secret = await ClusterCall.RunAsync(cluster, $"read Secret {Namespace}/{Name}",
                () => cluster.Api.CoreV1.ReadNamespacedSecretAsync(Name, Namespace, cancellationToken: ct), ct);
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            return null;
        }
        string Value(string key) => secret.Data?.TryGetValue(key, out var bytes) == true
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : throw new ClusterException($"Secret {Namespace}/{Name} has no {key}",
                "delete it and re-run Bootstrap to generate it again (MinIO's data then needs the new credentials)");
        return (Value(UserKey), Value(PasswordKey));
    }
}
