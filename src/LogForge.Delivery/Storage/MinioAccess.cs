namespace LogForge.Delivery.Storage;

/// <summary>Where MinIO answers and with which credentials (the secret key never leaves this record but for the SDK).</summary>
public sealed record MinioAccess(string Endpoint, string AccessKey, string SecretKey, string Via)
{
    public override string ToString() => $"{Endpoint} ({Via})";
}
