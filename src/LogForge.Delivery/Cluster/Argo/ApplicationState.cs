using System.Text.Json.Nodes;

namespace LogForge.Delivery.Cluster.Argo;

/// <summary>
/// What an Argo CD Application reports (argoproj/argo-cd pkg/apis/application/v1alpha1/types.go):
/// status.sync.status / revision, status.health.status, status.operationState, and whether
/// spec.syncPolicy.automated is set.
/// </summary>
public sealed record ApplicationState(
    string Name,
    string Sync,
    string Health,
    string? Revision,
    bool Automated,
    string? OperationPhase,
    string? OperationMessage,
    bool OperationPending)
{
    public const string Group = "argoproj.io";
    public const string Version = "v1alpha1";
    public const string Plural = "applications";

    public bool Reconciled => Sync != "Unknown" || Health != "Unknown";

    public static ApplicationState From(JsonObject application)
    {
        var status = application["status"];
        return new ApplicationState(
            application["metadata"]?["name"]?.GetValue<string>() ?? "",
            status?["sync"]?["status"]?.GetValue<string>() ?? "Unknown",
            status?["health"]?["status"]?.GetValue<string>() ?? "Unknown",
            status?["sync"]?["revision"]?.GetValue<string>(),
            application["spec"]?["syncPolicy"]?["automated"] is not null,
            status?["operationState"]?["phase"]?.GetValue<string>(),
            status?["operationState"]?["message"]?.GetValue<string>(),
            application["operation"] is not null);
    }

    /// <summary>"Synced, Healthy at 1a2b3c4", with what a manual-sync Application is waiting for.</summary>
    public string Describe()
    {
        if (!Reconciled) return "not reconciled by Argo CD yet";
        var revision = Revision is { Length: >= 7 } r ? $" at {r[..7]}" : "";
        var text = $"{Sync}, {Health}{revision}";
        if (OperationPending || OperationPhase is "Running" or "Terminating") text += $"; operation {OperationPhase ?? "pending"}";
        if (!Automated && Sync == "OutOfSync") text += " — waiting for a manual sync (policy: manual)";
        return text;
    }
}
