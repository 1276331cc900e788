using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Environments;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>Every way the cluster can be wrong is one line saying what failed and what to do, quickly.</summary>
public sealed class ConnectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("logforge-kubeconfig-").FullName;

    private string Kubeconfig => Path.Combine(_directory, "config");

    [Fact]
    public async Task An_unreachable_server_is_one_line_within_seconds()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0)) { listener.Start(); closedPort = ((IPEndPoint)listener.LocalEndpoint).Port; }
        await using (var server = await FakeKubernetesServer.StartAsync())
            File.WriteAllText(Kubeconfig, File.ReadAllText(server.WriteKubeconfig(Kubeconfig, "lab")).Replace(server.Url.Port.ToString(), closedPort.ToString()));

        using var cluster = Open(null);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ClusterException>(() => cluster.VerifyReachableAsync(CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.Matches(@"^cannot reach the Kubernetes API server at http://127\.0\.0\.1:\d+/? \(lab\) to ask the API server for its version: Connection refused — is the cluster running\? Check --kube-context and --kubeconfig\.$", error.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_one_line_after_the_request_timeout()
    {
        await using var server = await FakeKubernetesServer.StartAsync();
        server.WriteKubeconfig(Kubeconfig, "lab");
        server.ResponseDelay = TimeSpan.FromSeconds(30);

        using var cluster = ClusterConnection.Open(new ClusterSettings(Kubeconfig, null, TimeSpan.FromSeconds(1)));
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ClusterException>(() => cluster.VerifyReachableAsync(CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        Assert.Matches(@"^the Kubernetes API server at http://127\.0\.0\.1:\d+/? \(lab\) did not answer in time to ask the API server for its version", error.Message);
    }

    [Fact]
    public async Task An_unknown_context_names_the_contexts_there_are()
    {
        await using var server = await FakeKubernetesServer.StartAsync();
        server.WriteKubeconfig(Kubeconfig, "lab");

        var error = Assert.Throws<ClusterException>(() => Open("kind-logforge"));

        Assert.Equal($"context 'kind-logforge' is not in {Kubeconfig} (contexts: lab) — pass one of them with --kube-context", error.Message);
    }

    [Fact]
    public void A_missing_kubeconfig_says_how_to_name_one()
    {
        var error = Assert.Throws<ClusterException>(() => Open(null));

        Assert.Equal($"no kubeconfig at {Kubeconfig} — pass --kubeconfig, set KUBECONFIG, or create the cluster first (deploy/lab/step2.md)", error.Message);
    }

    [Fact]
    public async Task Refused_credentials_are_one_line_naming_the_context()
    {
        await using var server = await FakeKubernetesServer.StartAsync(o => o.Token = "the-right-token");
        server.WriteKubeconfig(Kubeconfig, "lab", token: "a-wrong-token");

        using var cluster = Open(null);
        var error = await Assert.ThrowsAsync<ClusterException>(() => cluster.VerifyReachableAsync(CancellationToken.None));

        Assert.Equal($"cannot ask the API server for its version: Unauthorized (401 Unauthorized) — the credentials of lab are not accepted — refresh them in {Kubeconfig}", error.Message);
        Assert.DoesNotContain("a-wrong-token", error.Message);
    }

    [Fact]
    public async Task A_missing_argo_cd_crd_is_one_line_saying_to_bootstrap()
    {
        await using var server = await FakeKubernetesServer.StartAsync();
        server.WriteKubeconfig(Kubeconfig, "lab");
        using var cluster = Open(null);

        var error = await Assert.ThrowsAsync<ClusterException>(() =>
            new ArgoApplicationApplier(cluster, LogForge.Testing.RepositoryRoot.Path, EnvironmentPolicyLoader.Load(LogForge.Testing.RepositoryRoot.Path)).RunAsync(CancellationToken.None));

        Assert.Matches(@"^context lab \(http://127\.0\.0\.1:\d+/?\) does not serve Application \(argoproj\.io/v1alpha1\) — install its CustomResourceDefinition first \(\./build\.sh Bootstrap installs the lab's\)$", error.Message);
    }

    private ClusterConnection Open(string? context) => ClusterConnection.Open(new ClusterSettings(Kubeconfig, context, ClusterSettings.DefaultRequestTimeout));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
