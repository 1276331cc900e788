using System.Text.Json.Nodes;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Controller;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster.Faults;

/// <summary>Promote's and Rollback's manual sync under the API server's transient answers, Argo CD's controller writing the
/// Application between our read and our patch, watches that end early or answer 410 — always one sync operation.</summary>
public sealed class ManualSyncFaultTests : IAsyncLifetime
{
    private const string Sha = "3f1c2b9a7d5e4c6b8a9d0e1f2a3b4c5d6e7f8a9b";
    private const string App = "logforge-production";
    private readonly VirtualClock _clock = new();
    private readonly LogCapture _log = new();
    private FakeKubernetesServer _server = null!;
    private ClusterConnection _cluster = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesServer.StartAsync(o => o.ControllerMinDelay = o.ControllerMaxDelay = TimeSpan.FromMilliseconds(100));
        ArgoApplicationSeed.SeedProduction(_server, new ArgoApplicationStatus("OutOfSync", "0000000000000000000000000000000000000001"), Sha);
        var kubeconfig = _server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory().FullName, "kubeconfig"), "lab");
        _cluster = FaultedCluster.Open(kubeconfig, _clock, _log);
        _server.Requests.Reset();
    }

    public async Task DisposeAsync()
    {
        _cluster.Dispose();
        await _server.DisposeAsync();
    }

    private Task<SyncOutcome> SyncAsync() =>
        new ManualSync(_cluster, "argocd", _log.Logger).RunAsync(App, Sha, "operator-1", "run-42", TimeSpan.FromSeconds(20), CancellationToken.None);

    private static readonly FaultMatch Patch = new("patch", "applications", "argocd", App);

    private int Patches => _server.Requests.All.Count(r => r.Verb == "patch");
    private int StoredPatches => _server.Requests.All.Count(r => r.Verb == "patch" && r.Mutated);
    private int Operations => _server.Get("applications.argoproj.io", "argocd", App)!["status"]!["history"]?.AsArray().Count ?? 0;

    [Fact]
    public async Task A_sync_cancelled_after_its_request_was_stored_is_waited_for_by_the_rerun_and_not_requested_again()
    {
        // The operation stays Running, so the re-run surely finds it in progress (a finished one is Promote's "already done").
        _server.Controller.ArgoCd.Script("argocd", App, ArgoSyncOutcome.StuckRunning());
        var held = new LogForge.Testing.Http.HeldRequest("patch applications in argocd named logforge-production");
        _server.Faults.Add(Patch, new Fault.Hold(held, AfterServing: true));
        using var cancel = new CancellationTokenSource();
        var first = new ManualSync(_cluster, "argocd", _log.Logger).RunAsync(App, Sha, "operator-1", "run-42", TimeSpan.FromSeconds(20), cancel.Token);

        await held.Reached;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await held.Abandoned;

        var rerun = new ManualSync(_cluster, "argocd", _log.Logger, _clock);
        var error = await Assert.ThrowsAsync<ClusterException>(() =>
            rerun.RunAsync(App, Sha, "operator-1", "run-43", TimeSpan.FromSeconds(20), CancellationToken.None));

        Assert.Contains($"A sync of {App} to {Sha[..12]} requested by run run-42 is in progress; waiting for it", _log.Messages);
        // Pending or Running: whether the controller has taken the operation up yet when the (virtual) timeout comes.
        Assert.Matches($"^{App} did not finish syncing within 20s: stuck with operation (Pending|Running),", error.Message);
        Assert.Equal((1, 1), (Patches, StoredPatches));
    }

    [Theory]
    [InlineData("429")]
    [InlineData("429-status")]
    [InlineData("500")]
    [InlineData("503")]
    [InlineData("reset")]
    public async Task A_transient_answer_to_the_sync_request_is_asked_again_and_one_operation_runs(string fault)
    {
        _server.Faults.Add(Patch, FaultedCluster.Transient(fault));

        var outcome = await SyncAsync();

        Assert.Equal(("Succeeded", Sha), (outcome.Phase, outcome.Revision));
        FaultedCluster.AssertRodeOut(_server, _log, fault, "PATCH");
        Assert.Equal((2, 1, 1), (Patches, StoredPatches, Operations));
    }

    [Fact]
    public async Task A_request_stored_whose_answer_was_lost_meets_409_on_its_repeat_and_is_waited_for_not_sent_again()
    {
        _server.Faults.Add(Patch, new Fault.ResetAfterServing());

        var outcome = await SyncAsync();

        Assert.Equal("Succeeded", outcome.Phase);
        // The repeat carried the resourceVersion read before the first copy was stored: 409, then a re-read found our run.
        Assert.Equal([0, 409], _server.Requests.All.Where(r => r.Verb == "patch").Select(r => r.Status));
        Assert.Equal((1, 1), (StoredPatches, Operations));
        Assert.Contains(_log.Messages, m => m.StartsWith($"{App} changed after it was read (409 Conflict", StringComparison.Ordinal));
        Assert.Contains($"{App} already carries the sync run run-42 requested; waiting for it", _log.Messages);
    }

    [Fact]
    public async Task The_controller_writing_the_application_between_our_read_and_patch_gives_409_and_the_intent_is_applied_again()
    {
        _server.Faults.Add(Patch, new Fault.WriteFirst(s => s.Update("applications.argoproj.io", "argocd", App,
            app => app["status"]!["reconciledAt"] = "2026-12-01T09:00:01Z", "argocd-application-controller")));

        var outcome = await SyncAsync();

        Assert.Equal("Succeeded", outcome.Phase);
        var patches = _server.Requests.All.Where(r => r.Verb == "patch").ToList();
        Assert.Equal([409, 200], patches.Select(r => r.Status));
        Assert.Equal((1, 1), (StoredPatches, Operations));
        Assert.Contains(_log.Messages, m => m.Contains("(409 Conflict on resourceVersion ", StringComparison.Ordinal) && m.EndsWith("(attempt 2 of 5)",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_operation_found_after_a_409_is_refused_and_ours_is_never_requested()
    {
        _server.Faults.Add(Patch, new Fault.WriteFirst(s => s.Update("applications.argoproj.io", "argocd", App,
            app => app["operation"] = JsonNode.Parse("""{"sync":{"revision":"abc"},"initiatedBy":{"username":"someone-else"}}"""))));
        _server.Controller.ArgoCd.Script("argocd", App, ArgoSyncOutcome.StuckRunning());

        var error = await Assert.ThrowsAsync<ClusterException>(SyncAsync);

        Assert.StartsWith($"another operation is running on {App} (phase ", error.Message);
        Assert.Contains("by someone-else", error.Message);
        Assert.Equal((1, 0), (Patches, StoredPatches));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_watch_that_ends_early_is_watched_again_from_the_last_resource_version(int events)
    {
        _server.Faults.Add(new FaultMatch("watch", "applications", "argocd"), new Fault.EndWatchAfter(events), times: 3);

        var outcome = await SyncAsync();

        Assert.Equal("Succeeded", outcome.Phase);
        Assert.Equal(0, _server.Faults.Pending);
        var watches = _server.Requests.All.Where(r => r.Verb == "watch").ToList();
        Assert.True(watches.Count >= (events == 0 ? 4 : 3), string.Join("\n", watches)); // 3 ended early; with no events, a 4th saw the end
        Assert.All(watches, w => Assert.Contains("resourceVersion=", w.Query));
        Assert.Equal((1, 1), (StoredPatches, Operations));
    }

    [Fact]
    public async Task A_watch_answering_410_is_followed_by_a_read_then_a_watch_from_there()
    {
        _server.Faults.Add(new FaultMatch("watch", "applications", "argocd"), new Fault.WatchGone());

        var outcome = await SyncAsync();

        Assert.Equal("Succeeded", outcome.Phase);
        var calls = _server.Requests.All.Select(r => r.Verb).ToList();
        var gone = calls.IndexOf("watch");
        Assert.Equal(["watch", "get", "watch"], calls.Skip(gone).Take(3));
        Assert.Contains(_log.Messages, m => m.StartsWith($"The watch of {App} answered 410 Expired (too old resource version: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_watch_whose_connection_breaks_before_its_answer_is_asked_again()
    {
        _server.Faults.Add(new FaultMatch("watch", "applications", "argocd"), new Fault.ResetBeforeServing());

        var outcome = await SyncAsync();

        Assert.Equal("Succeeded", outcome.Phase);
        FaultedCluster.AssertRodeOut(_server, _log, "reset", "GET");
    }

    [Theory]
    [InlineData("429")]
    [InlineData("503")]
    [InlineData("reset")]
    public async Task Promotes_reading_of_the_application_rides_out_a_transient_answer(string fault)
    {
        _server.Faults.Add(new FaultMatch("get", "applications", "argocd", App), FaultedCluster.Transient(fault));
        var production = new LogForge.Delivery.Promotion.KubernetesProductionCluster(_cluster,
            new LogForge.Delivery.Smoke.Cluster.ClusterSmoke(_cluster, _ => { }), TimeSpan.Zero, text => text);
        var policy = LogForge.Delivery.Environments.EnvironmentPolicyLoader.Load(LogForge.Testing.RepositoryRoot.Path);

        var evidence = await production.EvidenceAsync(
            LogForge.Delivery.Environments.TargetEnvironment.FromCheckout(LogForge.Testing.RepositoryRoot.Path, policy, "production"), CancellationToken.None);

        Assert.Equal((App, "OutOfSync"), (evidence!.Application, evidence.Sync));
        FaultedCluster.AssertRodeOut(_server, _log, fault, "GET");
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Error")]
    public async Task A_sync_ending_failed_or_error_is_one_line_with_its_message_and_the_resources_that_did_not_sync(string phase)
    {
        const string message = "one or more objects failed to apply, reason: Deployment.apps \"logforge\" is invalid";
        _server.Controller.ArgoCd.Script("argocd", App, phase == "Failed" ? ArgoSyncOutcome.Failed(message) : ArgoSyncOutcome.Error(message));

        var error = await Assert.ThrowsAsync<ClusterException>(SyncAsync);

        Assert.True(error.Message.StartsWith($"{App}: sync {phase}: {message}; not synced: ", StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{App}: sync {phase}: {message}; not synced: Deployment/{App}: SyncFailed {message}", error.Message);
        Assert.EndsWith("— see the Application in Argo CD; fix and run this again", error.Message);
        Assert.Equal(1, StoredPatches);
    }
}
