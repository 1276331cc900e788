namespace LogForge.Delivery.Cluster;

/// <summary>Which cluster to talk to: a kubeconfig file (null: KUBECONFIG, else ~/.kube/config) and a
/// context in it (null: its current-context). <paramref name="RequestTimeout"/> bounds every plain request.</summary>
public sealed record ClusterSettings(string? Kubeconfig, string? Context, TimeSpan RequestTimeout)
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The kubeconfig file these settings name: the explicit one (its first file), else the first of $KUBECONFIG, else ~/.kube/config.</summary>
    public string KubeconfigPath(IReadOnlyDictionary<string, string>? environment = null)
    {
        var variable = !string.IsNullOrEmpty(Kubeconfig) ? Kubeconfig
            : environment is null ? System.Environment.GetEnvironmentVariable("KUBECONFIG")
            : environment.GetValueOrDefault("KUBECONFIG");
        // KUBECONFIG may list several files, as kubectl allows; the first one is used.
        var first = variable?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
