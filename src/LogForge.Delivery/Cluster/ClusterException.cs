namespace LogForge.Delivery.Cluster;

/// <summary>A cluster operation failed. The message is one line, <c>what — what to do</c> (or only what, when the failure names its own
/// remedy); a flow that stops on it keeps both parts (<see cref="What"/>, <see cref="Fix"/>) in its own step's failure.</summary>
public sealed class ClusterException(string what, string? fix, Exception? inner = null)
    : Exception(fix is null ? what : $"{what} — {fix}", inner)
{
    public string What { get; } = what;

    public string? Fix { get; } = fix;
}
