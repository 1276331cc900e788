using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Secrets;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Cluster;

public sealed class SecretsTests(HelmFixture helm) : IClassFixture<HelmFixture>, IAsyncLifetime
{
    private const string GhcrUser = "ghcr-user-Zq1";
    private const string GhcrToken = "ghcr-token-Zq2-not-real";
    private readonly List<string> _registered = [];
    private LabCluster _lab = null!;

    public async Task InitializeAsync()
    {
        _lab = await LabCluster.StartAsync(helm.Helm);
        await _lab.BootstrapAsync(); // creates storage/minio-root, the default MinIO credentials
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private async Task<IReadOnlyList<SecretWrite>> RunAsync(IReadOnlyList<string>? apiKeys = null, string minioAccess = "", string minioSecret = "")
    {
        using var cluster = _lab.Connect();
        return await new EnvironmentSecrets(cluster, _lab.Root, EnvironmentPolicyLoader.Load(_lab.Root), _registered.Add)
            .RunAsync(new SecretInputs(GhcrUser, GhcrToken, apiKeys ?? [], minioAccess, minioSecret), CancellationToken.None);
    }

    private string Data(string ns, string name, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(_lab.Server.Get("Secret", ns, name)!["data"]![key]!.GetValue<string>()));

    [Fact]
    public async Task Runtime_and_pull_secrets_are_created_in_every_environment_namespace()
    {
        var writes = await RunAsync();

        Assert.Equal(
            ["dev/logforge-dev-runtime", "dev/ghcr-pull", "staging/logforge-staging-runtime", "staging/ghcr-pull", "production/logforge-production-runtime", "production/ghcr-pull"],
            writes.Select(w => $"{w.Namespace}/{w.Name}"));
        Assert.All(writes, w => Assert.Equal(SecretOutcome.Created, w.Outcome));
        Assert.Equal(["api-keys"], writes[0].Keys);                                          // dev: file storage, no MinIO keys
        Assert.Equal(["api-keys", "minio-access-key", "minio-secret-key"], writes[2].Keys);

        Assert.Matches("^[0-9a-f]{64}$", Data("dev", "logforge-dev-runtime", "api-keys")); // generated: 32 random bytes
        Assert.Equal(Data("storage", "minio-root", "MINIO_ROOT_USER"), Data("staging", "logforge-staging-runtime", "minio-access-key"));
        Assert.Equal(Data("storage", "minio-root", "MINIO_ROOT_PASSWORD"), Data("production", "logforge-production-runtime", "minio-secret-key"));
        Assert.Contains(Data("dev", "logforge-dev-runtime", "api-keys"), _registered);         // masked before anything could print it
        Assert.Contains(Data("storage", "minio-root", "MINIO_ROOT_PASSWORD"), _registered);

        var pull = _lab.Server.Get("Secret", "staging", "ghcr-pull")!;
        Assert.Equal("kubernetes.io/dockerconfigjson", pull["type"]!.GetValue<string>());
        var auth = JsonNode.Parse(Data("staging", "ghcr-pull", ".dockerconfigjson"))!["auths"]!["ghcr.io"]!;
        Assert.Equal((GhcrUser, GhcrToken), (auth["username"]!.GetValue<string>(), auth["password"]!.GetValue<string>()));
        Assert.Equal($"{GhcrUser}:{GhcrToken}", Encoding.UTF8.GetString(Convert.FromBase64String(auth["auth"]!.GetValue<string>())));
        Assert.NotNull(_lab.Server.Get("Namespace", null, "production")); // created: Argo CD had not synced yet
    }

    [Fact]
    public async Task A_second_run_with_the_same_inputs_writes_nothing_and_keeps_the_generated_key()
    {
        await RunAsync();
        var key = Data("dev", "logforge-dev-runtime", "api-keys");
        _lab.Server.Requests.Reset();

        var second = await RunAsync();

        Assert.All(second, w => Assert.Equal(SecretOutcome.Unchanged, w.Outcome));
        Assert.Equal(0, _lab.Server.Requests.Writes);
        Assert.Equal(key, Data("dev", "logforge-dev-runtime", "api-keys"));
    }

    [Fact]
    public async Task Given_api_keys_update_the_runtime_secrets_once()
    {
        await RunAsync();

        var updated = await RunAsync(["key-one-Zq3", "key-two-Zq4"]);
        var again = await RunAsync(["key-one-Zq3", "key-two-Zq4"]);

        Assert.Equal(SecretOutcome.Updated, updated[0].Outcome);
        Assert.Equal(SecretOutcome.Unchanged, updated[1].Outcome); // ghcr-pull did not change
        Assert.All(again, w => Assert.Equal(SecretOutcome.Unchanged, w.Outcome));
        Assert.Equal("key-one-Zq3,key-two-Zq4", Data("production", "logforge-production-runtime", "api-keys"));
    }

    [Fact]
    public async Task Refused_permission_on_secrets_is_one_line_and_earlier_environments_are_whole()
    {
        _lab.Server.Access.Forbid("patch", "secrets", ns: "staging");

        var error = await Assert.ThrowsAsync<ClusterException>(() => RunAsync());

        Assert.StartsWith("cannot write Secret staging/logforge-staging-runtime: secrets \"logforge-staging-runtime\" is forbidden: User ", error.Message);
        Assert.EndsWith("(403 Forbidden) — the user of lab lacks this permission — grant it or use a context that has it", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.NotNull(_lab.Server.Get("Secret", "dev", "ghcr-pull"));
    }

    [Fact]
    public async Task Half_the_minio_credentials_are_refused_before_anything_is_written()
    {
        _lab.Server.Requests.Reset();

        var error = await Assert.ThrowsAsync<ClusterException>(() => RunAsync(minioAccess: "only-the-access-key"));

        Assert.Equal("--minio-access-key and --minio-secret-key go together — pass both, or neither to use the lab's Secret storage/minio-root", error.Message);
        Assert.Equal(0, _lab.Server.Requests.Writes);
    }

    [Fact]
    public async Task Without_given_credentials_or_the_lab_secret_it_says_where_they_come_from()
    {
        _lab.Server.Delete("Secret", "storage", "minio-root");

        var error = await Assert.ThrowsAsync<ClusterException>(() => RunAsync());

        Assert.Equal("no MinIO credentials: pass --minio-access-key and --minio-secret-key, or run ./build.sh Bootstrap first (it creates Secret storage/minio-root)", error.Message);
    }

    [Fact]
    public void The_pull_secret_payload_is_what_kubectl_create_secret_docker_registry_writes()
    {
        var config = JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { ["ghcr.io"] = new { username = "u", password = "p", auth = "dTpw" } } });
        Assert.Equal("""{"auths":{"ghcr.io":{"username":"u","password":"p","auth":"dTpw"}}}""", config);
    }
}
