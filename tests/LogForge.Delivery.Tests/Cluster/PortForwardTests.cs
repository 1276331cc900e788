using System.Diagnostics;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.PortForward;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Storage;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>The native port-forward (KubernetesClient's WebSocket + StreamDemuxer) to a real HTTP server behind the fake API server.</summary>
public sealed class PortForwardTests : IAsyncLifetime
{
    private FakeKubernetesServer _server = null!;
    private S3rverServer _s3 = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        _server = await FakeKubernetesServer.StartAsync(o => o.ControllerMinDelay = o.ControllerMaxDelay = TimeSpan.FromMilliseconds(20));
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory().FullName, "kubeconfig"), "lab");
        _server.SeedYaml("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: storage}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: minio, namespace: storage, labels: {app: minio}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: minio}}
              template:
                metadata: {labels: {app: minio}}
                spec: {containers: [{name: minio, image: m, ports: [{name: api, containerPort: 9000}]}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: minio, namespace: storage}
            spec: {selector: {app: minio}, ports: [{name: api, port: 9000, targetPort: api}]}
            """);
        _server.PortForwards.MapSelector("storage", "app=minio", 9000, _s3.IPEndPoint);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _s3.DisposeAsync();
    }

    private async Task<ServiceTarget> ReadyTargetAsync(ClusterConnection cluster)
    {
        await _server.UntilAsync(s => s.List("Pod", "storage", "app=minio").Any(PodStatus.IsReady), "a Ready minio pod");
        return await ServiceTarget.ResolveAsync(cluster, "storage", "minio", 9000, CancellationToken.None);
    }

    [Fact]
    public async Task Requests_on_a_kept_alive_connection_do_not_wait_for_each_other()
    {
        using var cluster = ClusterConnection.Open(new ClusterSettings(_kubeconfig, null, TimeSpan.FromSeconds(10)));
        var target = await ReadyTargetAsync(cluster);
        Assert.Equal(9000, target.PodPort); // the Service's named targetPort resolved on the pod
        await using var forward = PodPortForward.Start(cluster, target);
        using var http = new HttpClient();

        for (var i = 0; i < 3; i++)
        {
            // s3rver (Node) closes an idle kept-alive connection after 5 s: a request held behind a pending read would take that long.
            var clock = Stopwatch.StartNew();
            var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(forward.LocalUrl, "no-such-bucket")));
            var list = await http.GetAsync(forward.LocalUrl);
            Assert.Equal((404, 200), ((int)head.StatusCode, (int)list.StatusCode));
            Assert.Contains("ListAllMyBucketsResult", await list.Content.ReadAsStringAsync());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"request pair {i} took {clock.Elapsed}");
        }
        Assert.Null(forward.LastError);
    }

    [Fact]
    public async Task No_ready_pod_behind_the_service_is_one_line_naming_why()
    {
        _server.Controller.NeverReady("Deployment", "storage", "minio");
        _server.Delete("Deployment.apps", "storage", "minio");
        _server.SeedYaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: minio2, namespace: storage, labels: {app: minio}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: minio}}
              template:
                metadata: {labels: {app: minio}}
                spec: {containers: [{name: minio, image: m}]}
            """);
        _server.Controller.NeverReady("Deployment", "storage", "minio2");
        await _server.UntilAsync(s => s.List("Pod", "storage", "app=minio") is { Count: > 0 } pods && !pods.Any(PodStatus.IsReady),
            "pods of app=minio, none Ready");
        using var cluster = ClusterConnection.Open(new ClusterSettings(_kubeconfig, null, TimeSpan.FromSeconds(10)));

        var error = await Assert.ThrowsAsync<ClusterException>(() => ServiceTarget.ResolveAsync(cluster, "storage", "minio", 9000, CancellationToken.None));

        Assert.StartsWith("no Ready pod behind Service storage/minio (", error.Message);
        Assert.EndsWith("— wait for the rollout or look at the pods' events", error.Message);
    }

    [Fact]
    public async Task A_missing_service_is_one_line()
    {
        using var cluster = ClusterConnection.Open(new ClusterSettings(_kubeconfig, null, TimeSpan.FromSeconds(10)));

        var error = await Assert.ThrowsAsync<ClusterException>(() => ServiceTarget.ResolveAsync(cluster, "storage", "logforge", 8080, CancellationToken.None));

        Assert.Matches(@"^no Service logforge in namespace storage \(context lab \(http://127\.0\.0\.1:\d+/?\)\) — is the application deployed there\?", error.Message);
    }
}
