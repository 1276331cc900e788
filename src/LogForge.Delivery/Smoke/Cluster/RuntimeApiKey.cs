using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// The API key Smoke posts with: the first of the comma-separated keys in the environment's runtime secret
/// (logforge-&lt;env&gt;-runtime, under the key its values file names in <c>runtimeSecret.keys.apiKeys</c>) — what
/// the pods get as LOGFORGE_API_KEYS. Every key in it is handed to <c>registerSecret</c> (the build's masker) as
/// soon as it is read, before anything could print it; no message here quotes a value.
/// </summary>
public static class RuntimeApiKey
{
    public static async Task<string> ReadAsync(ClusterConnection cluster, TargetEnvironment environment, Action<string> registerSecret, CancellationToken ct)
    {
        var layout = environment.SecretLayout;
        var ns = environment.Namespace;
        var where = $"Secret {ns}/{layout.Name}";
        V1Secret secret;
        try
        {
            secret = await ClusterCall.RunAsync(cluster, $"read {where}", () => cluster.Api.CoreV1.ReadNamespacedSecretAsync(layout.Name, ns,
                cancellationToken: ct), ct);
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            throw new ClusterException($"no {where} ({cluster.Description}), so no API key to post with", "create it with ./build.sh Secrets", e);
        }

        if (secret.Data?.TryGetValue(layout.ApiKeysKey, out var bytes) != true || bytes is null)
            throw new ClusterException($"{where} has no key {layout.ApiKeysKey} ({environment.ValuesFile} runtimeSecret.keys.apiKeys)",
                "write it with ./build.sh Secrets");
        var text = Encoding.UTF8.GetString(bytes);
        registerSecret(text);
        var keys = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var key in keys) registerSecret(key);
        return keys.Length > 0
            ? keys[0]
            : throw new ClusterException($"{where} holds no API key under {layout.ApiKeysKey} (it is empty)", "write one with ./build.sh Secrets --api-keys …");
    }
}
