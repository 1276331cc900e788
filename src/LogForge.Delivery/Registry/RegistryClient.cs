using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LogForge.Delivery.Registry;

/// <summary>
/// What digest a registry maps a tag to, through the OCI distribution API: <c>HEAD /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c> with the
/// OCI index and manifest and Docker v2 list and manifest media types in Accept, answered by <c>Docker-Content-Digest</c> (or, when a
/// registry leaves the header out, the sha256 of the manifest a GET returns). A 401 is answered as the token spec says: a Bearer
/// challenge → <c>GET realm?service=…&amp;scope=repository:&lt;name&gt;:pull</c> (anonymous, as for a public GHCR image, or with
/// <paramref name="credentials"/> as Basic auth), then the request again with the token; a Basic challenge → the credentials.
/// <paramref name="onSecret"/> is told every token the registry hands out, so the build's masker knows it.
/// </summary>
public sealed class RegistryClient(HttpClient http, RegistryCredentials? credentials, Action<string> onSecret)
{
    public static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    public async Task<string> ResolveTagAsync(RegistryImage image, string tag, CancellationToken ct)
    {
        var url = new Uri(image.BaseUrl, $"v2/{image.Name}/manifests/{Uri.EscapeDataString(tag)}");
        AuthenticationHeaderValue? authorization = null;
        var response = await SendAsync(HttpMethod.Head, url, null, image, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            using (response)
                authorization = await AuthorizeAsync(response, image, ct);
            response = await SendAsync(HttpMethod.Head, url, authorization, image, ct);
        }
        using var final = response;
        switch (final.StatusCode)
        {
            case HttpStatusCode.OK:
                return final.Headers.TryGetValues("Docker-Content-Digest", out var digests) && digests.FirstOrDefault() is { Length: > 0 } digest
                    ? digest
                    : await DigestOfManifestAsync(url, image, authorization, ct);
            case HttpStatusCode.NotFound:
                throw new RegistryException($"{image} has no tag {tag} (HEAD {url.AbsolutePath} → 404)",
                    "push the image (release.yml builds it on the tag), or check image.repository and --registry-url");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                throw new RegistryException($"{image.BaseUrl.Authority} refused to read {image.Name} ({(int)final.StatusCode})",
                    credentials is null ? "a private image needs --registry-token (a token with read:packages)" : "give --registry-token read:packages on it");
            default:
                throw new RegistryException($"{image.BaseUrl.Authority} answered HEAD {url.AbsolutePath} with {(int)final.StatusCode} {final.ReasonPhrase}",
                    "check the registry's status, then re-run");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, AuthenticationHeaderValue? authorization, RegistryImage image,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        request.Headers.Authorization = authorization;
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryException($"cannot reach {image.BaseUrl.Authority}: {e.Message}", "check --registry-url and the network, then re-run", e);
        }
    }

    private async Task<string> DigestOfManifestAsync(Uri url, RegistryImage image, AuthenticationHeaderValue? authorization, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, url, authorization, image, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new RegistryException($"{image.BaseUrl.Authority} answered GET {url.AbsolutePath} with {(int)response.StatusCode}", "re-run");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await response.Content.ReadAsByteArrayAsync(ct)));
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(HttpResponseMessage unauthorized, RegistryImage image, CancellationToken ct)
    {
        var challenge = RegistryChallenge.From(unauthorized.Headers)
            ?? throw new RegistryException($"{image.BaseUrl.Authority} answered 401 without a WWW-Authenticate challenge", "check --registry-url");
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return credentials?.Basic()
                ?? throw new RegistryException($"{image.BaseUrl.Authority} asks for a user and password to read {image.Name}", "pass --registry-token");
        if (challenge.Realm is not { } realm || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUrl))
            throw new RegistryException($"{image.BaseUrl.Authority}'s Bearer challenge names no token realm", "check --registry-url");

        var query = $"scope={Uri.EscapeDataString($"repository:{image.Name}:pull")}"
            + (challenge.Service is { } service ? $"&service={Uri.EscapeDataString(service)}" : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realmUrl) { Query = query }.Uri);
        request.Headers.Authorization = credentials?.Basic();
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"{realmUrl.Authority}'s token service refused a pull token for {image.Name} ({(int)response.StatusCode})",
                credentials is null ? "a private image needs --registry-token (a token with read:packages)" : "give --registry-token read:packages on it");
        var token = TokenOf(await response.Content.ReadAsStringAsync(ct))
            ?? throw new RegistryException($"{realmUrl.Authority}'s token service answered without a token", "check --registry-url, then re-run");
        onSecret(token);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The token spec's answer: <c>token</c>, or <c>access_token</c> (OAuth 2.0's name, which some services send instead).</summary>
    private static string? TokenOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var found = root.TryGetProperty("token", out var token) || root.TryGetProperty("access_token", out token);
            return found && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } value ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The user and token for a registry (Basic auth to its token service).</summary>
public sealed record RegistryCredentials(string User, string Token)
{
    public AuthenticationHeaderValue Basic() => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Token}")));

    public override string ToString() => $"{User}:***";
}
