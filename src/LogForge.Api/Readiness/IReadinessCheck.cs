using System.Text.Json.Serialization;

namespace LogForge.Api.Readiness;

/// <summary>One thing that must work for the service to accept and persist logs now.</summary>
public interface IReadinessCheck
{
    string Name { get; }

    /// <summary>Returns null when ready, otherwise what is wrong.</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}

public sealed record ReadinessCheckResult(string Name, string Status, string Detail);

public sealed record ReadinessReport(string Status, IReadOnlyList<ReadinessCheckResult> Checks)
{
    [JsonIgnore]
    public bool IsReady => Status == "ready";
}
