using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Controller;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class ArgoCdSimulationTests
{
    private const string Sha = "3f1c2b9a7d5e4c6b8a9d0e1f2a3b4c5d6e7f8a9b";
    private const string StaleSha = "0000000000000000000000000000000000000001";

    private static async Task<KubeTestCluster> StartWithProductionAppAsync()
    {
        var cluster = await KubeTestCluster.StartAsync();
        ArgoApplicationSeed.SeedProduction(cluster.Server, new ArgoApplicationStatus("OutOfSync", Sha)
        {
            ReconciledAt = "2025-01-01T10:00:05Z",
            LastOperation = new EarlierOperation(StaleSha, "earlier", Run: null, "2025-01-01T09:59:00Z", "2025-01-01T10:00:00Z"),
        }, Sha);
        return cluster;
    }

    private static Task RequestSyncAsync(KubeTestCluster cluster) =>
        cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(KubeTestCluster.Merge($$$"""
            {"operation":{"initiatedBy":{"username":"tester","automated":false},"info":[{"name":"logforge-run","value":"run-42"}],
                          "sync":{"revision":"{{{Sha}}}","syncStrategy":{"hook":{} } } },
             "status":{"operationState":null}}
            """), "argoproj.io", "v1alpha1", "argocd", "applications", "logforge-production");

    /// <summary>Watches the Application and returns every state seen until <paramref name="done"/>.</summary>
    private static async Task<List<JsonNode>> WatchUntilAsync(KubeTestCluster cluster, Func<JsonNode, bool> done, Func<Task> trigger)
    {
        var states = new ConcurrentQueue<JsonNode>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Task.Run(async () =>
        {
            await foreach (var (_, obj) in cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                               "argoproj.io", "v1alpha1", "argocd", "applications", fieldSelector: "metadata.name=logforge-production",
                               cancellationToken: stop.Token))
            {
                var app = JsonNode.Parse(((JsonElement)obj).GetRawText())!;
                states.Enqueue(app);
                if (done(app))
                    break;
            }
        }, stop.Token);
        await KubeTestCluster.EventuallyAsync(() => Task.FromResult(states.Count), n => n >= 1, "the initial state");
        await trigger();
        await watching;
        return [.. states];
    }

    private static string? Phase(JsonNode app) => app["status"]?["operationState"]?["phase"]?.GetValue<string>();

    [Fact]
    public async Task A_requested_operation_runs_then_succeeds_at_its_revision_replacing_the_stale_state()
    {
        await using var cluster = await StartWithProductionAppAsync();

        var states = await WatchUntilAsync(cluster,
            app => Phase(app) == "Succeeded" && app["status"]?["sync"]?["status"]?.GetValue<string>() == "Synced",
            () => RequestSyncAsync(cluster));

        Assert.Equal("Succeeded", Phase(states[0]));
        Assert.Equal(StaleSha, states[0]["status"]!["operationState"]!["syncResult"]!["revision"]!.GetValue<string>());
        var running = states.First(s => Phase(s) == "Running");
        Assert.NotNull(running["operation"]);
        Assert.Null(running["status"]!["operationState"]!["finishedAt"]);
        Assert.Equal("run-42", running["status"]!["operationState"]!["operation"]!["info"]![0]!["value"]!.GetValue<string>());
        Assert.True(states.IndexOf(running) < states.FindIndex(s => Phase(s) == "Succeeded" && s["status"]!["operationState"]!["syncResult"]!["revision"]!.GetValue<string>() == Sha));

        var final = states[^1];
        var state = final["status"]!["operationState"]!;
        Assert.Null(final["operation"]);
        Assert.Equal(Sha, state["syncResult"]!["revision"]!.GetValue<string>());
        Assert.Equal("successfully synced (all tasks run)", state["message"]!.GetValue<string>());
        Assert.Equal("tester", state["operation"]!["initiatedBy"]!["username"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(state["startedAt"]!.GetValue<string>(), "2025-01-01T10:00:00Z") > 0);
        Assert.Equal(Sha, final["status"]!["sync"]!["revision"]!.GetValue<string>());
        Assert.Equal("Healthy", final["status"]!["health"]!["status"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(final["status"]!["reconciledAt"]!.GetValue<string>(), state["finishedAt"]!.GetValue<string>()) >= 0);
        Assert.Equal(Sha, final["status"]!["history"]![0]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_scripted_failure_ends_the_operation_Failed_with_its_message_and_leaves_the_app_OutOfSync()
    {
        await using var cluster = await StartWithProductionAppAsync();
        cluster.Server.Controller.ArgoCd.Script("argocd", "logforge-production",
            ArgoSyncOutcome.Failed("one or more objects failed to apply, reason: Deployment.apps \"logforge\" is invalid"));

        var states = await WatchUntilAsync(cluster,
            app => Phase(app) == "Failed" && app["status"]?["reconciledAt"]?.GetValue<string>() != "2025-01-01T10:00:05Z",
            () => RequestSyncAsync(cluster));

        var final = states[^1];
        Assert.Null(final["operation"]);
        Assert.Equal("one or more objects failed to apply, reason: Deployment.apps \"logforge\" is invalid",
            final["status"]!["operationState"]!["message"]!.GetValue<string>());
        Assert.Equal("SyncFailed", final["status"]!["operationState"]!["syncResult"]!["resources"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("OutOfSync", final["status"]!["sync"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stuck_operation_stays_Running()
    {
        await using var cluster = await StartWithProductionAppAsync();
        cluster.Server.Controller.ArgoCd.Script("argocd", "logforge-production", ArgoSyncOutcome.StuckRunning());

        await WatchUntilAsync(cluster, app => Phase(app) == "Running", () => RequestSyncAsync(cluster));
        await Task.Delay(400);

        var app = cluster.Server.Get("applications.argoproj.io", "argocd", "logforge-production")!;
        Assert.Equal("Running", Phase(app));
        Assert.NotNull(app["operation"]);
    }

    [Fact]
    public async Task A_manual_app_reports_OutOfSync_until_synced_and_a_degraded_outcome_shows_in_health()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        ArgoApplicationSeed.SeedProduction(cluster.Server, status: null, Sha);
        cluster.Server.Controller.ArgoCd.Script("argocd", "logforge-production", ArgoSyncOutcome.Degraded("Deployment \"logforge\" exceeded its progress deadline"));

        var reconciled = await KubeTestCluster.EventuallyAsync(
            () => Task.FromResult(cluster.Server.Get("applications.argoproj.io", "argocd", "logforge-production")!),
            a => a["status"]?["sync"] is not null, "the first reconcile");
        Assert.Equal(("OutOfSync", Sha, "Missing"), (reconciled["status"]!["sync"]!["status"]!.GetValue<string>(),
            reconciled["status"]!["sync"]!["revision"]!.GetValue<string>(), reconciled["status"]!["health"]!["status"]!.GetValue<string>()));
        Assert.Null(reconciled["operation"]);

        var states = await WatchUntilAsync(cluster, app => app["status"]?["health"]?["status"]?.GetValue<string>() == "Degraded",
            () => RequestSyncAsync(cluster));

        var final = states[^1];
        Assert.Equal("Succeeded", Phase(final));
        Assert.Equal("Deployment \"logforge\" exceeded its progress deadline", final["status"]!["health"]!["message"]!.GetValue<string>());
        Assert.Equal("Synced", final["status"]!["sync"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_operation_set_by_server_side_apply_runs_too_and_its_removal_releases_the_field()
    {
        await using var cluster = await StartWithProductionAppAsync();

        var states = await WatchUntilAsync(cluster, app => Phase(app) == "Succeeded" && app["operation"] is null
                                                           && app["status"]?["operationState"]?["syncResult"]?["revision"]?.GetValue<string>() == Sha,
            () => cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(KubeTestCluster.Apply($$$"""
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"logforge-production","namespace":"argocd"},
                 "operation":{"initiatedBy":{"username":"tester"},"sync":{"revision":"{{{Sha}}}"} } }
                """), "argoproj.io", "v1alpha1", "argocd", "applications", "logforge-production", fieldManager: "logforge-promote", force: true));

        Assert.Contains(states, s => Phase(s) == "Running");
        var final = cluster.Server.Get("applications.argoproj.io", "argocd", "logforge-production")!;
        var promote = final["metadata"]!["managedFields"]!.AsArray().FirstOrDefault(m => m!["manager"]!.GetValue<string>() == "logforge-promote");
        Assert.DoesNotContain("f:operation", promote?["fieldsV1"]?.ToJsonString() ?? "");
    }
}
