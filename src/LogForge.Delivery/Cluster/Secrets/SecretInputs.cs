namespace LogForge.Delivery.Cluster.Secrets;

/// <summary>
/// The values Secrets writes, from the build's [Secret] parameters. Empty API keys: an existing
/// secret keeps its keys, a new one gets a generated key. Empty MinIO credentials: taken from the
/// lab's storage/minio-root Secret.
/// </summary>
public sealed record SecretInputs(string GhcrUsername, string GhcrToken, IReadOnlyList<string> ApiKeys, string MinioAccessKey, string MinioSecretKey);
