// The Argo CD application controller, reduced to the Application fields waits read. Followed: argoproj/argo-cd
// pkg/apis/application/v1alpha1/types.go (Operation{sync,initiatedBy,info,retry}, OperationState{operation, phase,
// message, syncResult{revision, source, resources}, startedAt, finishedAt}, ApplicationStatus{sync{status, revision,
// comparedTo}, health{status, message}, history, reconciledAt, operationState, sourceType}),
// controller/appcontroller.go (processRequestedAppOperation: a requested .operation with no operation in progress
// becomes a new operationState with phase Running replacing the previous one; setOperationState: a completed phase
// sets finishedAt and removes .operation in the same patch; a completed sync triggers a refresh that sets sync,
// health and reconciledAt; automated sync policy: the controller itself requests an operation with
// initiatedBy.automated=true), controller/sync.go (messages "successfully synced (all tasks run)") and
// cmd/argocd/commands/app.go (waitOnApplicationStatus/checkAppWaitConditions: done when .operation is nil,
// finishedAt is set and reconciledAt is not before finishedAt). The Application CRD has no status subresource,
// so the controller writes the whole object (manager "argocd-application-controller").
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class ArgoCdBehaviour(FakeController controller, ArgoCdSimulation script) : IBehaviour
{
    private const string Manager = "argocd-application-controller";
    private readonly Dictionary<string, string> _reconciled = [];

    public bool Enabled => controller.SimulateArgoCd;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        if (evt.Resource is not { Group: "argoproj.io", Plural: "applications" })
            return;
        var app = evt.Object;
        if (evt.Type == "DELETED")
        {
            _reconciled.Remove(app.Uid());
            return;
        }
        var type = evt.Resource;
        var ns = app.Namespace();
        var name = app.Name();
        if (Pods.IsDeleting(app))
        {
            // resources-finalizer.argocd.argoproj.io: the controller deletes the app's resources, then lets the Application go.
            context.Once($"argo-delete:{app.Uid()}", controller.DelayFor("Application", ns, name), () =>
                context.Update(type, ns, name, a =>
                {
                    if (a.ArrayAt("metadata", "finalizers") is not { } finalizers)
                        return false;
                    foreach (var f in finalizers.Where(f => f?.ToString()?.StartsWith("resources-finalizer.argocd.argoproj.io", StringComparison.Ordinal) == true).ToList())
                        finalizers.Remove(f);
                    return true;
                }, Manager, ""));
            return;
        }
        if (app["operation"] is JsonObject && !InProgress(app))
        {
            context.Once($"argo-op:{app.Uid()}", controller.DelayFor("Application", ns, name), () => StartOperation(context, type, ns, name));
            return;
        }
        if (app["operation"] is not null || InProgress(app))
            return;
        var fingerprint = Fingerprint(app);
        if (!_reconciled.TryGetValue(app.Uid(), out var seen))
        {
            if (app.ObjectAt("status", "sync") is not null)
            {
                // Seeded with a status: taken as already reconciled.
                _reconciled[app.Uid()] = fingerprint;
                return;
            }
        }
        else if (seen == fingerprint)
        {
            return;
        }
        context.Once($"argo-reconcile:{app.Uid()}", controller.DelayFor("Application", ns, name), () => Reconcile(context, type, ns, name));
    }

    private string Fingerprint(JsonObject app) => (app["spec"]?.ToCompactJson() ?? "") + "@" + script.RevisionOf(app);

    private static bool InProgress(JsonObject app) => app.Str("status", "operationState", "phase") is "Running" or "Terminating";

    private void Reconcile(ControllerContext context, ResourceType type, string ns, string name)
    {
        var app = context.Get(type, ns, name);
        if (app is null || app["operation"] is not null || InProgress(app))
            return;
        var revision = script.RevisionOf(app);
        var automated = app.ObjectAt("spec", "syncPolicy", "automated") is not null;
        var syncedAt = app.Str("status", "operationState", "phase") == "Succeeded"
            ? app.Str("status", "operationState", "syncResult", "revision")
            : null;
        var synced = syncedAt == revision;
        var updated = context.Update(type, ns, name, a =>
        {
            var status = a.Child("status");
            SetSync(a, synced ? "Synced" : "OutOfSync", revision);
            if (status.ObjectAt("health") is null)
                SetHealth(status, a.ArrayAt("status", "history") is { Count: > 0 } ? "Healthy" : "Missing", null);
            status["sourceType"] = a.ObjectAt("spec", "source", "helm") is not null || a.Str("spec", "source", "chart") is not null ? "Helm" : "Directory";
            status["reconciledAt"] = JsonTree.Now();
            if (automated && !synced)
            {
                var sync = new JsonObject { ["revision"] = revision };
                if (a.ArrayAt("spec", "syncPolicy", "syncOptions") is { } options)
                    sync["syncOptions"] = options.DeepClone();
                if (a.ObjectAt("spec", "syncPolicy", "automated")?.Bool("prune") == true)
                    sync["prune"] = true;
                a["operation"] = new JsonObject
                {
                    ["initiatedBy"] = new JsonObject { ["automated"] = true },
                    ["sync"] = sync,
                    ["retry"] = a.ObjectAt("spec", "syncPolicy", "retry")?.DeepClone() ?? new JsonObject(),
                };
            }
            return true;
        }, Manager, "");
        if (updated is not null)
            _reconciled[updated.Uid()] = Fingerprint(updated);
    }

    private void StartOperation(ControllerContext context, ResourceType type, string ns, string name)
    {
        var app = context.Get(type, ns, name);
        if (app is null || app["operation"] is not JsonObject operation || InProgress(app))
            return;
        var outcome = script.OutcomeOf(ns, name);
        var startedAt = JsonTree.Now();
        var started = context.Update(type, ns, name, a =>
        {
            a.Child("status")["operationState"] = new JsonObject
            {
                ["operation"] = operation.DeepClone(),
                ["phase"] = "Running",
                ["message"] = "one or more tasks are running",
                ["startedAt"] = startedAt,
            };
            return true;
        }, Manager, "");
        if (started is null || !outcome.Finishes)
            return;
        var runningFor = outcome.RunningFor ?? controller.DelayFor("Application", ns, name);
        controller.Schedule(runningFor, () => FinishOperation(context, type, ns, name, started.Uid(), startedAt, outcome));
    }

    private void FinishOperation(ControllerContext context, ResourceType type, string ns, string name, string uid, string startedAt,
        ArgoSyncOutcome outcome)
    {
        var app = context.Get(type, ns, name);
        if (app is null || app.Uid() != uid || app.Str("status", "operationState", "phase") != "Running"
            || app.Str("status", "operationState", "startedAt") != startedAt)
            return;
        var requested = app.Str("status", "operationState", "operation", "sync", "revision");
        var revision = string.IsNullOrEmpty(requested) ? script.RevisionOf(app) : requested;
        var finishedAt = JsonTree.Now();
        var succeeded = outcome.Phase == "Succeeded";
        var finished = context.Update(type, ns, name, a =>
        {
            var state = a.ObjectAt("status", "operationState")!;
            state["phase"] = outcome.Phase;
            state["message"] = outcome.Message;
            state["finishedAt"] = finishedAt;
            state["syncResult"] = new JsonObject
            {
                ["revision"] = revision,
                ["source"] = a.ObjectAt("spec", "source")?.DeepClone(),
                ["resources"] = new JsonArray(Resource(a, succeeded ? "Synced" : "SyncFailed",
                    succeeded ? $"deployment.apps/{a.Name()} configured" : outcome.Message)),
            };
            a.Remove("operation");
            return true;
        }, Manager, "");
        if (finished is null)
            return;
        controller.Schedule(controller.DelayFor("Application", ns, name) / 2, () =>
            Refresh(context, type, ns, name, uid, revision, startedAt, finishedAt, outcome));
    }

    /// <summary>The refresh after a completed operation: sync status, health, history, reconciledAt.</summary>
    private void Refresh(ControllerContext context, ResourceType type, string ns, string name, string uid, string revision,
        string startedAt, string finishedAt, ArgoSyncOutcome outcome)
    {
        var app = context.Get(type, ns, name);
        if (app is null || app.Uid() != uid)
            return;
        var succeeded = outcome.Phase == "Succeeded";
        var updated = context.Update(type, ns, name, a =>
        {
            var status = a.Child("status");
            var target = script.RevisionOf(a);
            SetSync(a, succeeded && revision == target ? "Synced" : "OutOfSync", succeeded ? revision : target);
            if (succeeded)
            {
                SetHealth(status, outcome.Health, outcome.HealthMessage);
                var history = status["history"] as JsonArray ?? new JsonArray();
                status["history"] = history;
                var initiatedBy = a.ObjectAt("status", "operationState", "operation", "initiatedBy")?.DeepClone();
                history.Add(new JsonObject
                {
                    ["revision"] = revision,
                    ["deployedAt"] = finishedAt,
                    ["id"] = history.Count,
                    ["source"] = a.ObjectAt("spec", "source")?.DeepClone(),
                    ["deployStartedAt"] = startedAt,
                    ["initiatedBy"] = initiatedBy,
                });
            }
            var now = JsonTree.Now();
            status["reconciledAt"] = string.CompareOrdinal(now, finishedAt) < 0 ? finishedAt : now;
            return true;
        }, Manager, "");
        if (updated is not null)
            _reconciled[uid] = Fingerprint(updated);
    }

    private static void SetSync(JsonObject app, string status, string revision)
    {
        app.Child("status")["sync"] = new JsonObject
        {
            ["status"] = status,
            ["comparedTo"] = new JsonObject
            {
                ["source"] = app.ObjectAt("spec", "source")?.DeepClone(),
                ["destination"] = app.ObjectAt("spec", "destination")?.DeepClone(),
            },
            ["revision"] = revision,
        };
    }

    private static void SetHealth(JsonObject status, string health, string? message)
    {
        var current = status.ObjectAt("health");
        if (current.Str("status") == health && current.Str("message") == message)
            return;
        var entry = new JsonObject { ["status"] = health, ["lastTransitionTime"] = JsonTree.Now() };
        if (message is not null)
            entry["message"] = message;
        status["health"] = entry;
    }

    private static JsonObject Resource(JsonObject app, string status, string message) => new()
    {
        ["group"] = "apps",
        ["version"] = "v1",
        ["kind"] = "Deployment",
        ["namespace"] = app.Str("spec", "destination", "namespace") ?? app.Namespace(),
        ["name"] = app.Name(),
        ["status"] = status,
        ["message"] = message,
        ["hookPhase"] = status == "Synced" ? "Running" : "Failed",
        ["syncPhase"] = "Sync",
    };
}
