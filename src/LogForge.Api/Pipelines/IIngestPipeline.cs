using LogForge.Api.Ingest;

namespace LogForge.Api.Pipelines;

/// <summary>Where accepted events go. <see cref="PersistAsync"/> returns only once the events are durable.</summary>
public interface IIngestPipeline
{
    /// <exception cref="PipelineUnavailableException">The pipeline cannot take the events now (saturated, stopping or failing).</exception>
    Task PersistAsync(EventBatch batch, CancellationToken cancellationToken);
}

/// <summary>The pipeline cannot persist now; the client should retry later (503 + Retry-After).</summary>
public sealed class PipelineUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
