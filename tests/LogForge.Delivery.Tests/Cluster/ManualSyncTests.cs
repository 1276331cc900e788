using System.Text.Json.Nodes;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Testing.Kubernetes;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Kubernetes.Controller;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>The manual Argo CD sync against the fake API server's Argo CD simulation, a stale Succeeded operationState present at the start.</summary>
public sealed class ManualSyncTests : IAsyncLifetime
{
    private const string Sha = "3f1c2b9a7d5e4c6b8a9d0e1f2a3b4c5d6e7f8a9b";
    private const string Earlier = "0000000000000000000000000000000000000001";
    private const string App = "logforge-production";
    private readonly LogCapture _log = new();
    private FakeKubernetesServer _server = null!;
    private ClusterConnection _cluster = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesServer.StartAsync(o => o.ControllerMinDelay = o.ControllerMaxDelay = TimeSpan.FromMilliseconds(200));
        ArgoApplicationSeed.SeedProduction(_server, new ArgoApplicationStatus("OutOfSync", Earlier)
        {
            LastOperation = new EarlierOperation(Earlier, "earlier", "earlier-run", "2025-01-01T09:59:00Z", "2025-01-01T10:00:00Z"),
        }, Sha);
        var kubeconfig = _server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory().FullName, "kubeconfig"), "lab");
        _cluster = ClusterConnection.Open(new ClusterSettings(kubeconfig, null, ClusterSettings.DefaultRequestTimeout));
    }

    public async Task DisposeAsync()
    {
        _cluster.Dispose();
        await _server.DisposeAsync();
    }

    private Task<SyncOutcome> SyncAsync(TimeSpan? timeout = null, TestClock? clock = null) =>
        new ManualSync(_cluster, "argocd", _log.Logger, clock)
            .RunAsync(App, Sha, "operator-1", "run-42", timeout ?? TimeSpan.FromSeconds(20), CancellationToken.None);

    /// <summary>Completes when the sync has written a line starting with <paramref name="start"/>.</summary>
    private Task LineAsync(string start)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.OnMessage = m => { if (m.StartsWith(start, StringComparison.Ordinal)) seen.TrySetResult(); };
        if (_log.Messages.Any(m => m.StartsWith(start, StringComparison.Ordinal))) seen.TrySetResult();
        return seen.Task.WaitAsync(FakeKubernetesServer.HungAfter);
    }

    /// <summary>A sync whose operation stays Running, timed out on the clock once it has seen the operation Running.</summary>
    private async Task<ClusterException> TimedOutWhileRunningAsync(TimeSpan timeout)
    {
        _server.Controller.ArgoCd.Script("argocd", App, ArgoSyncOutcome.StuckRunning());
        var clock = new TestClock();
        var running = LineAsync($"{App}: operation Running");
        var sync = SyncAsync(timeout, clock);
        await running;
        clock.Advance(timeout);
        return await Assert.ThrowsAsync<ClusterException>(() => sync);
    }

    [Fact]
    public async Task The_sync_is_requested_as_argocd_does_and_waited_for_by_watch_until_its_own_operation_succeeds()
    {
        var outcome = await SyncAsync();

        Assert.Equal(("Succeeded", "Healthy", Sha), (outcome.Phase, outcome.Health, outcome.Revision));
        var app = _server.Get("applications.argoproj.io", "argocd", App)!;
        Assert.Null(app["operation"]);
        var operation = app["status"]!["operationState"]!["operation"]!;
        Assert.Equal(("operator-1", false), (operation["initiatedBy"]!["username"]!.GetValue<string>(), operation["initiatedBy"]!["automated"]!.GetValue<bool>()));
        Assert.Equal("run-42", operation["info"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(Sha, operation["sync"]!["revision"]!.GetValue<string>());

        var requests = _server.Requests.All;
        var patch = Assert.Single(requests, r => r.Method == "PATCH");
        Assert.Equal("application/merge-patch+json", patch.ContentType?.Split(';')[0]);
        Assert.Contains(requests, r => r.Verb == "watch");
        Assert.True(requests.Count(r => r.Method == "GET" && r.Verb != "watch") <= 1, string.Join("\n", requests)); // one read before the patch; no polling
    }

    [Fact]
    public async Task The_stale_succeeded_operation_of_an_earlier_sync_is_never_taken_for_ours()
    {
        var error = await TimedOutWhileRunningAsync(TimeSpan.FromSeconds(2));

        Assert.Equal($"{App} did not finish syncing within 2s: stuck with operation Running, sync OutOfSync, health Healthy — look at the Application in Argo CD, or raise --wait-timeout", error.Message);
    }

    [Fact]
    public async Task A_failed_sync_is_reported_with_its_message()
    {
        _server.Controller.ArgoCd.Script("argocd", App, ArgoSyncOutcome.Failed("one or more objects failed to apply: Deployment.apps \"logforge\" is invalid"));

        var error = await Assert.ThrowsAsync<ClusterException>(() => SyncAsync());

        Assert.StartsWith($"{App}: sync Failed: one or more objects failed to apply: Deployment.apps \"logforge\" is invalid", error.Message);
    }

    [Fact]
    public async Task A_degraded_application_after_the_sync_is_reported()
    {
        _server.Controller.ArgoCd.Script("argocd", App, ArgoSyncOutcome.Degraded("Deployment \"logforge\" exceeded its progress deadline"));

        var error = await Assert.ThrowsAsync<ClusterException>(() => SyncAsync());

        Assert.StartsWith($"{App}: synced, but health is Degraded: Deployment \"logforge\" exceeded its progress deadline", error.Message);
    }

    [Fact]
    public async Task Another_running_operation_is_refused_and_nothing_is_started()
    {
        _server.Update("applications.argoproj.io", "argocd", App, app => app["operation"] = JsonNode.Parse("""{"sync":{"revision":"abc"},"initiatedBy":{"username":"someone-else"}}"""));
        _server.Requests.Reset();

        var error = await Assert.ThrowsAsync<ClusterException>(() => SyncAsync());

        Assert.StartsWith($"another operation is running on {App} (phase ", error.Message);
        Assert.Contains("by someone-else", error.Message);
        Assert.Equal(0, _server.Requests.Writes);
    }


    [Fact]
    public async Task A_rerun_while_its_own_sync_is_still_running_waits_for_it_and_starts_no_second()
    {
        await TimedOutWhileRunningAsync(TimeSpan.FromSeconds(1));
        _server.Requests.Reset();
        // Argo CD finishes the earlier run's operation once the re-run waits for it, as its controller would.
        var finishing = LineAsync($"A sync of {App} to ").ContinueWith(_ => _server.Update("applications.argoproj.io", "argocd", App, app =>
        {
            app.Remove("operation");
            var state = app["status"]!["operationState"]!;
            state["phase"] = "Succeeded";
            state["finishedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
            state["syncResult"] = new JsonObject { ["revision"] = Sha };
            app["status"]!["sync"] = new JsonObject { ["status"] = "Synced", ["revision"] = Sha };
            app["status"]!["health"] = new JsonObject { ["status"] = "Healthy" };
        }, "argocd-application-controller"), TaskScheduler.Default);

        var outcome = await new ManualSync(_cluster, "argocd", _log.Logger)
            .RunAsync(App, Sha, "operator-1", "run-43", TimeSpan.FromSeconds(60), CancellationToken.None);
        await finishing;

        Assert.Equal("Succeeded", outcome.Phase);
        Assert.Equal(0, _server.Requests.Writes);
        Assert.Equal("run-42", _server.Get("applications.argoproj.io", "argocd", App)!["status"]!["operationState"]!["operation"]!["info"]![0]!["value"]!.GetValue<string>());
    }
}
