namespace LogForge.Delivery.Cluster;

/// <summary>A cluster operation failed; the message is one line saying what failed and what to do.</summary>
public sealed class ClusterException(string message, Exception? inner = null) : Exception(message, inner);
