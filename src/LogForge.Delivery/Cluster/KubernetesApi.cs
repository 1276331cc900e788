using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace LogForge.Delivery.Cluster;

/// <summary>
/// KubernetesClient's <see cref="Kubernetes"/> with one more door: a request to any API path, for
/// what the generated methods cannot express generically — discovery and server-side apply of
/// manifests of any kind (core kinds live under /api/v1, the rest under /apis/group/version).
/// The request goes through the client's own pipeline: its HttpClient, TLS, credentials, and
/// failures surface as the same <see cref="HttpOperationException"/> with the Status body, and its
/// <paramref name="handlers"/> (the retry policy) see every request.
/// </summary>
public sealed class KubernetesApi(KubernetesClientConfiguration config, params DelegatingHandler[] handlers) : Kubernetes(config, handlers)
{
    /// <summary>Asks for an object's metadata only (the API server's PartialObjectMetadata): a CRD's resourceVersion without its megabyte of schema.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> MetadataOnly = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Accept"] = ["application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", "application/json"],
    };

    /// <summary>Sends a request; returns the response body parsed as JSON (null for an empty body).</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string relativeUri, V1Patch? body, CancellationToken ct,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null)
    {
        // Each attempt is bounded by the retry handler, which also buffers the body.
        using var response = await SendRequest(relativeUri, method, headers, body, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
