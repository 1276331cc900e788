namespace LogForge.Delivery.Cluster;

/// <summary>A cluster operation failed. The message is one line, <c>what — what to do</c>; a flow that stops on it keeps both
/// parts (<see cref="What"/>, <see cref="Fix"/>) in its own step's failure.</summary>
public sealed class ClusterException : Exception
{
    public ClusterException(string what, string fix, Exception? inner = null) : base($"{what} — {fix}", inner) => (What, Fix) = (what, fix);

    // Until every call site names its two parts: the message as one piece, its fix the generic one.
    public ClusterException(string message, Exception? inner = null) : base(message, inner) => (What, Fix) = (message, "fix the cluster, then re-run");

    public string What { get; }

    public string Fix { get; }
}
