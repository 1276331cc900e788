namespace LogForge.Delivery.Registry;

/// <summary>Where an image repository lives for the distribution API: the registry's base URL and the repository's name
/// there (<c>ghcr.io/logforge-dev/logforge</c> → https://ghcr.io and <c>logforge-dev/logforge</c>).</summary>
public sealed record RegistryImage(Uri BaseUrl, string Name)
{
    /// <summary><paramref name="repository"/> as the values name it; <paramref name="registryUrl"/> (--registry-url) replaces its host,
    /// as a mirror or a test registry would. A repository without a registry host is Docker Hub's (library/ for one segment).</summary>
    public static RegistryImage From(string repository, Uri? registryUrl)
    {
        var slash = repository.IndexOf('/');
        var first = slash < 0 ? "" : repository[..slash];
        var hasHost = first.Contains('.') || first.Contains(':') || first == "localhost";
        var name = hasHost ? repository[(slash + 1)..] : repository.Contains('/') ? repository : $"library/{repository}";
        var host = hasHost ? first : "registry-1.docker.io";
        return new RegistryImage(registryUrl ?? new Uri($"https://{host}"), name);
    }

    /// <summary>--registry-url as a base URL; refused unless it is an absolute http(s) URL.</summary>
    public static Uri ParseRegistryUrl(string registryUrl) =>
        Uri.TryCreate(registryUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new RegistryException($"--registry-url '{registryUrl}' is not an http(s) URL", "pass the registry's base URL, e.g. https://ghcr.io");

    public override string ToString() => $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/{Name}";
}
