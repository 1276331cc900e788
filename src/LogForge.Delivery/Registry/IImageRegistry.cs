namespace LogForge.Delivery.Registry;

/// <summary>What the promotion gate asks a registry: the digest a tag points at now.</summary>
public interface IImageRegistry
{
    /// <summary>The registry's address for <paramref name="repository"/>, for messages (https://ghcr.io/owner/name).</summary>
    string Describe(string repository);

    /// <summary>The digest <paramref name="repository"/>:<paramref name="tag"/> resolves to; throws <see cref="RegistryException"/>.</summary>
    Task<string> DigestOfAsync(string repository, string tag, CancellationToken ct);
}

/// <summary>An OCI registry through <see cref="RegistryClient"/>; <paramref name="registryUrl"/> (--registry-url) replaces the
/// repository's registry host.</summary>
public sealed class OciRegistry(RegistryClient client, string? registryUrl) : IImageRegistry
{
    private readonly Uri? _registryUrl = registryUrl is null ? null : RegistryImage.ParseRegistryUrl(registryUrl);

    public string Describe(string repository) => RegistryImage.From(repository, _registryUrl).ToString();

    public Task<string> DigestOfAsync(string repository, string tag, CancellationToken ct) =>
        client.ResolveTagAsync(RegistryImage.From(repository, _registryUrl), tag, ct);
}
