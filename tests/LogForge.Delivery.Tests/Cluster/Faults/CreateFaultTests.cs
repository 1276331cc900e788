using System.Text.Json.Nodes;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster.Faults;

/// <summary>The creates the build makes (MinIO's root Secret, a missing namespace) when the answer to the first copy is lost:
/// the repeat answers 409 AlreadyExists, which is taken as done — one object, created once.</summary>
public sealed class CreateFaultTests : IAsyncLifetime
{
    private readonly VirtualClock _clock = new();
    private readonly LogCapture _log = new();
    private FakeKubernetesServer _server = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesServer.StartAsync(o => o.ControllerEnabled = false);
        _server.Seed(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "storage" } });
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory().FullName, "kubeconfig"), "lab");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("reset-after-serving", new[] { 0, 409 })]
    [InlineData("503", new[] { 503, 201 })]
    [InlineData("reset", new[] { 0, 201 })]
    public async Task The_minio_root_secret_is_created_once_and_reported_as_generated_by_this_run(string fault, int[] answers)
    {
        _server.Faults.Add(new FaultMatch("create", "secrets", "storage"), FaultedCluster.Transient(fault));
        using var cluster = FaultedCluster.Open(_kubeconfig, _clock, _log);

        var created = await new MinioRootSecret(cluster).EnsureAsync(CancellationToken.None);

        Assert.True(created);
        Assert.Equal(answers, _server.Requests.All.Where(r => r.Verb == "create").Select(r => r.Status));
        Assert.Equal(1, _server.Requests.Mutations);
        FaultedCluster.AssertRodeOut(_server, _log, fault, "POST");
        Assert.False(await new MinioRootSecret(cluster).EnsureAsync(CancellationToken.None)); // kept from now on
    }

    [Fact]
    public async Task A_root_secret_someone_else_created_meanwhile_is_kept_and_not_called_ours()
    {
        _server.Faults.Add(new FaultMatch("create", "secrets", "storage"), new Fault.WriteFirst(s => s.Seed(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = MinioRootSecret.Name, ["namespace"] = "storage" },
            ["stringData"] = new JsonObject { [MinioRootSecret.UserKey] = "other", [MinioRootSecret.PasswordKey] = "theirs" },
        })));
        using var cluster = FaultedCluster.Open(_kubeconfig, _clock, _log);

        Assert.False(await new MinioRootSecret(cluster).EnsureAsync(CancellationToken.None));

        Assert.Equal(("other", "theirs"), (await new MinioRootSecret(cluster).ReadAsync(CancellationToken.None))!.Value);
        Assert.Equal(0, _server.Requests.Mutations);
    }
}
