namespace LogForge.Delivery.Cluster;

/// <summary>
/// For checks that run with a cluster when there is one (the gate's cluster half): a named context
/// must work (its failures are the checks' failures); without one, the kubeconfig's current context
/// is used when it answers within a few seconds, and otherwise the reason there is no cluster.
/// </summary>
public static class ClusterDetection
{
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(3);

    public static async Task<(ClusterConnection? Cluster, string Reason)> DetectAsync(ClusterSettings settings, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(settings.Context))
            return (ClusterConnection.Open(settings), "");

        var path = settings.KubeconfigPath();
        if (!File.Exists(path))
            return (null, $"no cluster configured (no kubeconfig at {path}; pass --kube-context to use one)");

        ClusterConnection? cluster = null;
        try
        {
            cluster = ClusterConnection.Open(settings with { RequestTimeout = Probe });
            await cluster.VerifyReachableAsync(ct);
            cluster.Dispose();
            return (ClusterConnection.Open(settings), "");
        }
        catch (ClusterException e)
        {
            cluster?.Dispose();
            return (null, $"no reachable cluster ({e.What}); pass --kube-context to require one");
        }
    }
}
