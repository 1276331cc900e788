using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.Models;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class WatchTests
{
    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "watched" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }] },
    };

    [Fact]
    public async Task A_pod_watch_sees_the_current_pods_then_additions_and_changes()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        var client = cluster.Client;
        await client.CoreV1.CreateNamespacedPodAsync(Pod("existing"), "default");
        var seen = new ConcurrentQueue<(WatchEventType Type, string Name, string? Label)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=watched", cancellationToken: stop.Token))
            {
                seen.Enqueue((type, pod.Metadata.Name, pod.Metadata.Labels.TryGetValue("stage", out var s) ? s : null));
                if (seen.Count == 3)
                    break;
            }
        }, stop.Token);
        await KubeTestCluster.EventuallyAsync(() => Task.FromResult(seen.Count), n => n >= 1, "the initial ADDED event");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("new"), "default");
        await client.CoreV1.PatchNamespacedPodAsync(KubeTestCluster.Merge("""{"metadata":{"labels":{"stage":"two"}}}"""), "new", "default");
        await watching;

        Assert.Equal(
            [(WatchEventType.Added, "existing", null), (WatchEventType.Added, "new", null), (WatchEventType.Modified, "new", "two")],
            seen.ToArray());
    }

    [Fact]
    public async Task A_custom_resource_watch_sees_the_application_and_its_status_changes()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        cluster.Server.Seed(KnownCrds.ArgoCdApplication());
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "argocd" } });
        var seen = new ConcurrentQueue<(WatchEventType Type, string? Sync)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, obj) in cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                               "argoproj.io", "v1alpha1", "argocd", "applications", cancellationToken: stop.Token))
            {
                var app = (JsonElement)obj;
                var sync = app.TryGetProperty("status", out var status) && status.TryGetProperty("sync", out var s)
                    ? s.GetProperty("status").GetString()
                    : null;
                seen.Enqueue((type, sync));
                if (sync == "Synced")
                    break;
            }
        }, stop.Token);
        await KubeTestCluster.EventuallyAsync(() => Task.FromResult(cluster.Server.Requests.All.Count(r => r.Verb == "watch")), n => n == 1,
            "the watch to be open");
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(JsonSerializer.Deserialize<JsonElement>("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"logforge-dev","namespace":"argocd"},
             "spec":{"project":"default","source":{"repoURL":"https://example.invalid/repo.git","path":"chart","targetRevision":"main"},
                     "destination":{"server":"https://kubernetes.default.svc","namespace":"dev"},"syncPolicy":{"automated":{}}}}
            """), "argoproj.io", "v1alpha1", "argocd", "applications");
        await watching;

        Assert.Equal((WatchEventType.Added, (string?)null), seen.First());
        Assert.All(seen.Skip(1), e => Assert.Equal(WatchEventType.Modified, e.Type));
        Assert.Equal("Synced", seen.Last().Sync);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resource_version_gets_410_Expired()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        var client = cluster.Client;
        var old = (await client.CoreV1.ListNamespacedPodAsync("default")).Metadata.ResourceVersion;
        await client.CoreV1.CreateNamespacedPodAsync(Pod("after"), "default");
        cluster.Server.CompactWatchHistory();
        Exception? error = null;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var _ in client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: old, onError: e => error = e,
                           cancellationToken: stop.Token))
        {
            Assert.Fail("no event expected");
        }

        var expired = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
        Assert.StartsWith($"too old resource version: {old} (", expired.Status.Message);
    }

    [Fact]
    public async Task Bookmarks_carry_the_resource_version_and_timeoutSeconds_ends_the_stream()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o =>
        {
            o.ControllerEnabled = false;
            o.WatchBookmarkInterval = TimeSpan.FromMilliseconds(100);
        });
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p"), "default");
        var events = new List<(WatchEventType Type, string Version)>();
        var started = DateTime.UtcNow;

        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", allowWatchBookmarks: true, timeoutSeconds: 1))
            events.Add((type, pod.Metadata.ResourceVersion));

        var elapsed = DateTime.UtcNow - started;
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
        Assert.Equal(WatchEventType.Added, events[0].Type);
        var bookmarks = events.Where(e => e.Type == WatchEventType.Bookmark).ToList();
        Assert.InRange(bookmarks.Count, 2, 12);
        Assert.All(bookmarks, b => Assert.Equal(cluster.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), b.Version));
    }

    [Fact]
    public async Task The_callback_watcher_gets_events_and_is_closed_by_timeoutSeconds()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p"), "default");
        var events = new ConcurrentQueue<(WatchEventType, string)>();
        var closed = new TaskCompletionSource();

        using var watcher = cluster.Client.CoreV1.WatchListNamespacedPod("default", timeoutSeconds: 1,
            onEvent: (type, pod) => events.Enqueue((type, pod.Metadata.Name)), onClosed: () => closed.TrySetResult());
        await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(closed.Task.IsCompleted, "the server did not end the watch after timeoutSeconds");
        Assert.Equal([(WatchEventType.Added, "p")], events.ToArray());
    }
}
