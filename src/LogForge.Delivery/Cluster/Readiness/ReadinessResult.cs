
namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>One object that is not ready yet, and why (its status, as the API server reports it).</summary>
public sealed record NotReadyObject(string Kind, string? Namespace, string Name, string Why)
{
    public string Id => Namespace is null ? $"{Kind}/{Name}" : $"{Namespace}/{Kind}/{Name}";
}

/// <summary>What one readiness check saw: ready with a short summary, or the objects that are not.</summary>
public sealed record ReadinessResult(string Check, string Summary, IReadOnlyList<NotReadyObject> NotReady)
{
    public bool Ready => NotReady.Count == 0;

    public static ReadinessResult Of(string check, string summary, IEnumerable<NotReadyObject> notReady) => new(check, summary, notReady.ToList());
}

/// <summary>A check of one part of the platform (nodes, a namespace's workloads, PVCs, a custom resource).</summary>
public interface IReadinessProbe
{
    string Check { get; }
    Task<ReadinessResult> ProbeAsync(CancellationToken ct);
}
