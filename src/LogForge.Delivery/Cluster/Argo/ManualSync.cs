using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Serilog;

namespace LogForge.Delivery.Cluster.Argo;

/// <summary>
/// A manual sync of an Argo CD Application as `argocd app sync` requests it, through the Kubernetes
/// API: the Application's top-level `operation` (initiatedBy a person, not automated; info naming this
/// run; sync.revision = the exact commit — an empty revision can re-apply an older one,
/// argoproj/argo-cd#28778), with the stale status.operationState cleared in the same patch (after a
/// kubectl-style patch the previous operation's Succeeded lingers and reads as done,
/// argoproj/argo-cd#20875; Kargo's argocd-update step does the same). Then it watches the
/// Application — no sleep-polling — until its own operation is done (<see cref="OperationProgress"/>).
/// Refuses while another operation is running. <paramref name="time"/>: the clock of the timeout and of the progress lines
/// (default: the system's).
/// </summary>
public sealed class ManualSync(ClusterConnection cluster, string argoNamespace, ILogger? log = null, TimeProvider? time = null)
{
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private readonly ILogger _log = log ?? Log.ForContext<ManualSync>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How many times a sync request meeting 409 Conflict (the controller wrote the Application between our read and
    /// our patch) is re-read and requested again before it is reported.</summary>
    public const int ConflictAttempts = 5;

    public async Task<SyncOutcome> RunAsync(string application, string revision, string actor, string runId, TimeSpan timeout, CancellationToken ct)
    {
        var clock = new Elapsed(_time);
        var applications = new ArgoApplications(cluster, argoNamespace);
        var current = await applications.ReadAsync(application, ct)
            ?? throw new ClusterException($"Application {argoNamespace}/{application} does not exist", "run ./build.sh ApplyArgo");
        for (var attempt = 1; ; attempt++)
        {
            if (CarriesRun(current, runId))
            {
                // Our request was stored though its answer was lost (a reset, then 409 on the repeat): wait for it, start no second.
                _log.Information("{Application} already carries the sync run {Run} requested; waiting for it", application, runId);
                return await WaitAsync(application, current, revision, runId, timeout, clock, ct);
            }
            if (OurRunningSync(current, revision) is { } earlierRun)
            {
                // A re-run after an interrupted wait: the sync it asked for is still going; wait for that one, start no second.
                _log.Information("A sync of {Application} to {Revision} requested by run {Run} is in progress; waiting for it", application,
                    Short(revision), earlierRun);
                return await WaitAsync(application, current, revision, earlierRun, timeout, clock, ct);
            }
            RefuseWhileAnotherOperationRuns(application, current);
            JsonObject patched;
            try
            {
                patched = await RequestAsync(application, current, revision, actor, runId, ct);
            }
            catch (ClusterException e) when (attempt < ConflictAttempts && e.InnerException is not null
                                             && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.Conflict)
            {
                // Argo CD's controller writes the Application all the time (status, reconciledAt): read it again and decide anew.
                _log.Information("{Application} changed after it was read (409 Conflict on resourceVersion {Version}); " +
                    "reading it again (attempt {Attempt} of {Attempts})",
                    application, current["metadata"]?["resourceVersion"]?.GetValue<string>(), attempt + 1, ConflictAttempts);
                current = await applications.ReadAsync(application, ct)
                    ?? throw new ClusterException(
                        $"Application {argoNamespace}/{application} was deleted while a sync was being requested", "run ./build.sh ApplyArgo");
                continue;
            }
            _log.Information("Requested a sync of {Application} to {Revision} (run {Run}, by {Actor})", application, Short(revision), runId, actor);
            return await WaitAsync(application, patched, revision, runId, timeout, clock, ct);
        }
    }

    /// <summary>The Application's pending operation, or its operationState's, carries this run's id.</summary>
    private static bool CarriesRun(JsonObject current, string runId) =>
        new[] { current["operation"], current["status"]?["operationState"]?["operation"] }.Any(operation =>
            operation?["info"]?.AsArray().Any(i => i?["name"]?.GetValue<string>() == OperationProgress.RunInfoName
                && i["value"]?.GetValue<string>() == runId) == true);

    private static string Short(string revision) => revision[..Math.Min(12, revision.Length)];

    /// <summary>The run id of a sync this build requested for the same revision that has not finished yet, or null.</summary>
    private static string? OurRunningSync(JsonObject current, string revision)
    {
        var state = current["status"]?["operationState"];
        var operation = current["operation"] ?? (state?["phase"]?.GetValue<string>() is "Running" ? state["operation"] : null);
        if (operation?["sync"]?["revision"]?.GetValue<string>() != revision) return null;
        return operation["info"]?.AsArray().FirstOrDefault(i => i?["name"]?.GetValue<string>() == OperationProgress.RunInfoName)?["value"]?.GetValue<string>();
    }

    private static void RefuseWhileAnotherOperationRuns(string application, JsonObject current)
    {
        var state = current["status"]?["operationState"];
        var phase = state?["phase"]?.GetValue<string>();
        if (current["operation"] is null && phase is not ("Running" or "Terminating"))
            return;
        var running = current["operation"] ?? state?["operation"];
        var by = running?["initiatedBy"]?["username"]?.GetValue<string>() ?? "someone";
        var started = state?["startedAt"]?.GetValue<string>();
        throw new ClusterException(
            $"another operation is running on {application} (phase {phase ?? "pending"}{(started is null ? "" : $", started {started}")}, by {by})",
                "wait for it to finish, or terminate it in Argo CD, then run this again");
    }

    private async Task<JsonObject> RequestAsync(string application, JsonObject current, string revision, string actor, string runId, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            // Optimistic concurrency: refused (409) if the Application changed since it was read.
            ["metadata"] = new JsonObject { ["resourceVersion"] = current["metadata"]!["resourceVersion"]!.DeepClone() },
            ["operation"] = new JsonObject
            {
                ["initiatedBy"] = new JsonObject { ["username"] = actor, ["automated"] = false },
                ["info"] = new JsonArray(new JsonObject { ["name"] = OperationProgress.RunInfoName, ["value"] = runId }),
                ["sync"] = new JsonObject
                {
                    ["revision"] = revision,
                    ["syncStrategy"] = new JsonObject { ["hook"] = new JsonObject() },
                },
            },
            ["status"] = new JsonObject { ["operationState"] = null },
        };
        var result = await ClusterCall.RunAsync(cluster, $"request a sync of {argoNamespace}/{application}",
            () => cluster.Api.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ApplicationState.Group, ApplicationState.Version,
                argoNamespace, ApplicationState.Plural, application, fieldManager: ServerSideApplier.FieldManager, cancellationToken: ct), ct);
        return JsonNode.Parse(((JsonElement)result).GetRawText())!.AsObject();
    }

    private async Task<SyncOutcome> WaitAsync(string application, JsonObject patched, string revision, string runId, TimeSpan timeout, Elapsed clock,
        CancellationToken ct)
    {
        using var timedOut = new CancellationTokenSource(timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timedOut.Token);
        var latest = patched;
        var progress = OperationProgress.Of(latest, runId, revision);
        var lastLine = (Phase: "", Health: "", At: TimeSpan.Zero);
        var resourceVersion = latest["metadata"]?["resourceVersion"]?.GetValue<string>();

        SyncOutcome? Evaluate(JsonObject app)
        {
            progress = OperationProgress.Of(app, runId, revision);
            if (progress.Failure is not null)
                throw new ClusterException($"{application}: {progress.Failure}", "see the Application in Argo CD; fix and run this again");
            if (progress.Done)
            {
                var finishedAt = app["status"]?["operationState"]?["finishedAt"]?.GetValue<string>();
                // Against Argo CD's own timestamp, so the wall clock, not the wait's.
                var noticed = DateTimeOffset.TryParse(finishedAt, out var finished) ? DateTimeOffset.UtcNow - finished : TimeSpan.Zero;
                _log.Information("{Application}: sync Succeeded at {Revision}, Synced and Healthy ({Seconds:0.0}s)", application, Short(revision),
                    clock.Value.TotalSeconds);
                return new SyncOutcome(application, revision, progress.Phase, progress.Health, finishedAt, clock.Value, noticed);
            }
            if ((progress.Phase, progress.Health) != (lastLine.Phase, lastLine.Health) || clock.Value - lastLine.At >= ProgressEvery)
            {
                lastLine = (progress.Phase, progress.Health, clock.Value);
                _log.Information("{Application}: operation {Phase}, sync {Sync}, health {Health} ({Seconds:0}s)", application, progress.Phase, progress.Sync,
                    progress.Health, clock.Value.TotalSeconds);
            }
            return null;
        }

        if (Evaluate(latest) is { } already) return already;
        try
        {
            while (true)
            {
                // KubernetesClient hands an ERROR event (410 Expired: the resourceVersion was compacted) to onError and ends the
                // stream; a stream that ends without one was ended by the server (timeoutSeconds, a restart).
                KubernetesException? expired = null;
                try
                {
                    await foreach (var (type, obj) in cluster.Api.CustomObjects.WatchListNamespacedCustomObjectAsync(
                                       ApplicationState.Group, ApplicationState.Version, argoNamespace, ApplicationState.Plural,
                                       fieldSelector: $"metadata.name={application}", resourceVersion: resourceVersion, allowWatchBookmarks: true,
                                       timeoutSeconds: 300, onError: e => expired ??= e is KubernetesException { Status.Code: 410 } gone ? gone : null,
                                       cancellationToken: deadline.Token))
                    {
                        var element = (JsonElement)obj;
                        if (type == WatchEventType.Bookmark)
                        {
                            resourceVersion = element.GetProperty("metadata").GetProperty("resourceVersion").GetString();
                            continue;
                        }
                        if (type == WatchEventType.Deleted)
                            throw new ClusterException($"Application {application} was deleted while syncing", fix: null);
                        latest = JsonNode.Parse(element.GetRawText())!.AsObject();
                        resourceVersion = latest["metadata"]?["resourceVersion"]?.GetValue<string>();
                        if (Evaluate(latest) is { } outcome) return outcome;
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !deadline.IsCancellationRequested)
                {
                    // The connection broke mid-stream (a reset, an API server restart): watch again from the last resourceVersion.
                    _log.Information("The watch of {Application} broke ({Reason}); watching again from resourceVersion {Version}", application, e.Message,
                        resourceVersion);
                    continue;
                }
                if (expired is null)
                {
                    _log.Debug("The watch of {Application} ended; watching again from resourceVersion {Version}", application, resourceVersion);
                    continue;
                }
                // Too old a resourceVersion: read the Application again and watch from there (list-then-watch).
                _log.Information("The watch of {Application} answered 410 Expired ({Message}); reading it again", application, expired.Status.Message);
                latest = await new ArgoApplications(cluster, argoNamespace).ReadAsync(application, deadline.Token)
                    ?? throw new ClusterException($"Application {application} was deleted while syncing", fix: null);
                resourceVersion = latest["metadata"]?["resourceVersion"]?.GetValue<string>();
                if (Evaluate(latest) is { } current) return current;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ClusterException($"{application} did not finish syncing within {timeout.TotalSeconds:0}s: " +
                $"stuck with operation {progress.Phase}, sync {progress.Sync}, health {progress.Health}",
                    "look at the Application in Argo CD, or raise --wait-timeout");
        }
    }
}

/// <summary>Time since it was made, on a <see cref="TimeProvider"/>.</summary>
internal sealed class Elapsed(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();

    public TimeSpan Value => time.GetElapsedTime(_started);
}
