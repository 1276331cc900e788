namespace LogForge.Delivery.Cluster.Argo;

/// <summary>How our sync operation ended, as the Application reported it.</summary>
public sealed record SyncOutcome(string Application, string Revision, string Phase, string Health, string? FinishedAt, TimeSpan Took, TimeSpan NoticedAfter);
