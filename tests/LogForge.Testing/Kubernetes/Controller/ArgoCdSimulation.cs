using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

/// <summary>How the simulated Argo CD application controller ends a sync operation.</summary>
public sealed record ArgoSyncOutcome(string Phase, string Message, string Health, string? HealthMessage, bool Finishes)
{
    /// <summary>How long the operation stays Running (null: the controller's delay).</summary>
    public TimeSpan? RunningFor { get; init; }

    public static ArgoSyncOutcome Succeeded() => new("Succeeded", "successfully synced (all tasks run)", "Healthy", null, true);

    /// <summary>phase Failed with this operation message; sync stays OutOfSync.</summary>
    public static ArgoSyncOutcome Failed(string message) => new("Failed", message, "Healthy", null, true);

    /// <summary>phase Error (the controller could not run the sync at all).</summary>
    public static ArgoSyncOutcome Error(string message) => new("Error", message, "Healthy", null, true);

    /// <summary>The sync succeeds but the application's health turns Degraded with this message.</summary>
    public static ArgoSyncOutcome Degraded(string healthMessage) =>
        new("Succeeded", "successfully synced (all tasks run)", "Degraded", healthMessage, true);

    /// <summary>The operation stays Running forever (a hung sync).</summary>
    public static ArgoSyncOutcome StuckRunning() => new("Running", "one or more tasks are running", "Progressing", null, false);
}

/// <summary>
/// Script for the Argo CD application controller simulation: which commit each Application's target revision resolves
/// to, and how sync operations end. Defaults: a stable fake SHA per (repoURL, path, targetRevision), operations succeed.
/// </summary>
public sealed class ArgoCdSimulation
{
    private readonly object _gate = new();
    private readonly FakeController _controller;
    private readonly Dictionary<(string Namespace, string Name), string> _revisions = [];
    private readonly Dictionary<(string Namespace, string Name), ArgoSyncOutcome> _outcomes = [];

    internal ArgoCdSimulation(FakeController controller) => _controller = controller;

    /// <summary>The revision an Application's target revision resolves to when no <see cref="SetRevision"/> says otherwise.</summary>
    public Func<JsonObject, string> DefaultRevision { get; set; } = app =>
    {
        var source = app.ObjectAt("spec", "source");
        var key = $"{source.Str("repoURL")}|{source.Str("path") ?? source.Str("chart")}|{source.Str("targetRevision") ?? "HEAD"}";
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(key)));
    };

    /// <summary>The target revision of this Application now resolves to <paramref name="revision"/> (e.g. after a merge):
    /// automated apps sync to it, manual ones turn OutOfSync.</summary>
    public void SetRevision(string ns, string app, string revision)
    {
        lock (_gate)
            _revisions[(ns, app)] = revision;
        _controller.Resync();
    }

    /// <summary>What sync operations on this Application do from now on.</summary>
    public void Script(string ns, string app, ArgoSyncOutcome outcome)
    {
        lock (_gate)
            _outcomes[(ns, app)] = outcome;
    }

    internal string RevisionOf(JsonObject app)
    {
        lock (_gate)
        {
            if (_revisions.TryGetValue((app.Namespace(), app.Name()), out var revision))
                return revision;
        }
        return DefaultRevision(app);
    }

    internal ArgoSyncOutcome OutcomeOf(string ns, string app)
    {
        lock (_gate)
            return _outcomes.TryGetValue((ns, app), out var outcome) ? outcome : ArgoSyncOutcome.Succeeded();
    }
}
