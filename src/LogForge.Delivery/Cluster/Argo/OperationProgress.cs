using System.Text.Json.Nodes;

namespace LogForge.Delivery.Cluster.Argo;

/// <summary>
/// Where an Application stands against the sync this run requested, read as `argocd app wait` reads
/// it (argoproj/argo-cd cmd/argocd/commands/app.go, checkAppWaitConditions): done when `.operation`
/// is gone, status.operationState is ours (its operation.info carries our run id — a stale
/// Succeeded from an earlier sync never counts), phase Succeeded with finishedAt, syncResult.revision
/// and status.sync.revision are the requested SHA, sync Synced, health Healthy.
/// </summary>
public sealed record OperationProgress(string Phase, string Health, string Sync, bool Ours, bool Done, string? Failure)
{
    public const string RunInfoName = "logforge-run";

    public static OperationProgress Of(JsonObject application, string runId, string revision)
    {
        var status = application["status"];
        var state = status?["operationState"];
        var ours = state?["operation"]?["info"]?.AsArray()
            .Any(i => i?["name"]?.GetValue<string>() == RunInfoName && i["value"]?.GetValue<string>() == runId) == true;
        var phase = ours ? state!["phase"]?.GetValue<string>() ?? "Pending" : application["operation"] is null ? "not started" : "Pending";
        var health = status?["health"]?["status"]?.GetValue<string>() ?? "Unknown";
        var sync = status?["sync"]?["status"]?.GetValue<string>() ?? "Unknown";

        string? failure = null;
        if (ours && phase is "Failed" or "Error")
            failure = $"sync {phase}: {state!["message"]?.GetValue<string>() ?? "(no message)"}{NotSynced(state)}";
        else if (ours && phase == "Succeeded" && health == "Degraded")
            failure = $"synced, but health is Degraded: {status?["health"]?["message"]?.GetValue<string>() ?? "(no message)"}{Unhealthy(status)}";

        var done = ours
            && application["operation"] is null
            && phase == "Succeeded"
            && state!["finishedAt"] is not null
            && state["syncResult"]?["revision"]?.GetValue<string>() == revision
            && sync == "Synced"
            && status?["sync"]?["revision"]?.GetValue<string>() == revision
            && health == "Healthy";
        return new OperationProgress(phase, health, sync, ours, done, failure);
    }

    /// <summary>The resources the failed operation did not sync, from operationState.syncResult.resources.</summary>
    private static string NotSynced(JsonNode state)
    {
        var resources = state["syncResult"]?["resources"]?.AsArray()
            .Where(r => r?["status"]?.GetValue<string>() is not ("Synced" or null))
            .Select(r => $"{r!["kind"]}/{r["name"]}: {r["status"]} {r["message"]}".Trim())
            .ToList() ?? [];
        return resources.Count == 0 ? "" : "; not synced: " + string.Join("; ", resources);
    }

    /// <summary>The resources that are not Healthy, from status.resources.</summary>
    private static string Unhealthy(JsonNode? status)
    {
        var resources = status?["resources"]?.AsArray()
            .Where(r => r?["health"]?["status"]?.GetValue<string>() is not ("Healthy" or null))
            .Select(r => $"{r!["kind"]}/{r["name"]}: {r["health"]!["status"]} {r["health"]!["message"]}".Trim())
            .ToList() ?? [];
        return resources.Count == 0 ? "" : "; not healthy: " + string.Join("; ", resources);
    }
}
