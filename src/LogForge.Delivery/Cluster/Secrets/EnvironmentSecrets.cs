using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Cluster.Secrets;

/// <summary>
/// Step 3 of the manual plan (deploy/lab/step5.md): in every environment's namespace (created when
/// missing) the runtime secret logforge-&lt;env&gt;-runtime with the keys its values file names, and the
/// GHCR pull secret ghcr-pull (kubernetes.io/dockerconfigjson for ghcr.io). A secret whose data is
/// already what it should be is not written at all, so a re-run with the same inputs writes nothing.
/// Every value it reads or generates is handed to <paramref name="registerSecret"/> (the build's
/// masker) before anything could print it; values never leave this class.
/// </summary>
public sealed class EnvironmentSecrets(ClusterConnection cluster, string repoRoot, EnvironmentPolicy policy, Action<string> registerSecret)
{
    public const string PullSecretRegistry = "ghcr.io";

    public async Task<IReadOnlyList<SecretWrite>> RunAsync(SecretInputs inputs, CancellationToken ct)
    {
        await cluster.VerifyReachableAsync(ct);
        var minio = await MinioCredentialsAsync(inputs, ct);
        var writes = new List<SecretWrite>();
        foreach (var env in policy.EnvironmentNames)
        {
            var ns = policy.Environments[env].Namespace;
            await EnsureNamespaceAsync(ns, ct);
            var layout = TargetEnvironment.FromCheckout(repoRoot, policy, env).SecretLayout;
            var existing = await ReadAsync(ns, layout.Name, ct);

            var runtime = new Dictionary<string, string> { [layout.ApiKeysKey] = ApiKeys(inputs, existing, layout) };
            if (policy.Environments[env].StorageBackend == "minio")
            {
                runtime[layout.MinioAccessKeyKey] = minio!.Value.AccessKey;
                runtime[layout.MinioSecretKeyKey] = minio.Value.SecretKey;
            }
            writes.Add(await WriteAsync(ns, layout.Name, "Opaque", runtime, existing, ct));
            writes.Add(await WriteAsync(ns, policy.PullSecret, "kubernetes.io/dockerconfigjson",
                new Dictionary<string, string> { [".dockerconfigjson"] = DockerConfig(inputs.GhcrUsername, inputs.GhcrToken) },
                await ReadAsync(ns, policy.PullSecret, ct), ct));
        }
        return writes;
    }

    private string ApiKeys(SecretInputs inputs, V1Secret? existing, RuntimeSecretLayout layout)
    {
        if (inputs.ApiKeys.Count > 0) return string.Join(",", inputs.ApiKeys);
        if (existing?.Data?.TryGetValue(layout.ApiKeysKey, out var kept) == true && kept.Length > 0)
            return Remember(Encoding.UTF8.GetString(kept));
        return Remember(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }

    private async Task<(string AccessKey, string SecretKey)?> MinioCredentialsAsync(SecretInputs inputs, CancellationToken ct)
    {
        if (!policy.Environments.Values.Any(e => e.StorageBackend == "minio")) return null;
        if (inputs.MinioAccessKey.Length > 0 && inputs.MinioSecretKey.Length > 0) return (inputs.MinioAccessKey, inputs.MinioSecretKey);
        if (inputs.MinioAccessKey.Length > 0 || inputs.MinioSecretKey.Length > 0)
            throw new ClusterException("--minio-access-key and --minio-secret-key go together",
                "pass both, or neither to use the lab's Secret storage/minio-root");
        var root = await new MinioRootSecret(cluster).ReadAsync(ct)
            ?? throw new ClusterException("no MinIO credentials: pass --minio-access-key and --minio-secret-key, " +
                $"or run ./build.sh Bootstrap first (it creates Secret {MinioRootSecret.Namespace}/{MinioRootSecret.Name})", fix: null);
        return (Remember(root.User), Remember(root.Password));
    }

    private async Task<SecretWrite> WriteAsync(string ns, string name, string type, Dictionary<string, string> data, V1Secret? existing, CancellationToken ct)
    {
        var keys = data.Keys.Order(StringComparer.Ordinal).ToList();
        if (existing is not null && existing.Type == type && data.All(kv =>
                existing.Data?.TryGetValue(kv.Key, out var current) == true && current.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(kv.Value))))
            return new SecretWrite(ns, name, type, SecretOutcome.Unchanged, keys);

        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = ServerSideApplier.FieldManager },
            },
            ["type"] = type,
            ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))))),
        };
        // A refusal may quote the body (a webhook echoing the object): the masker knows every value and its base64 forms.
        await ClusterCall.RunAsync(cluster, $"write Secret {ns}/{name}", () => cluster.Api.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), name, ns,
            fieldManager: ServerSideApplier.FieldManager, force: true, cancellationToken: ct), ct);
        return new SecretWrite(ns, name, type, existing is null ? SecretOutcome.Created : SecretOutcome.Updated, keys);
    }

    private async Task<V1Secret?> ReadAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await ClusterCall.RunAsync(cluster, $"read Secret {ns}/{name}",
                () => cluster.Api.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct), ct);
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task EnsureNamespaceAsync(string ns, CancellationToken ct)
    {
        try
        {
            await ClusterCall.RunAsync(cluster, $"read Namespace {ns}", () => cluster.Api.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct), ct);
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            var created = new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } };
            try
            {
                await ClusterCall.RunAsync(cluster, $"create Namespace {ns}",
                    () => cluster.Api.CoreV1.CreateNamespaceAsync(created, fieldManager: ServerSideApplier.FieldManager, cancellationToken: ct), ct);
            }
            catch (ClusterException conflict)
                when (conflict.InnerException is not null && ClusterCall.StatusOf(conflict.InnerException) == HttpStatusCode.Conflict)
            {
                // created meanwhile (Argo CD's CreateNamespace=true): fine
            }
        }
    }

    private string DockerConfig(string username, string token)
    {
        var auth = Remember(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{token}")));
        return JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [PullSecretRegistry] = new { username, password = token, auth } } });
    }

    private string Remember(string value)
    {
        registerSecret(value);
        return value;
    }
}
