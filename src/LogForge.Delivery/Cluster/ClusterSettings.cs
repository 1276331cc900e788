using LogForge.Delivery.Resilience;

namespace LogForge.Delivery.Cluster;

/// <summary>Which cluster to talk to: a kubeconfig file (null: KUBECONFIG, else ~/.kube/config) and a
/// context in it (null: its current-context). <paramref name="RequestTimeout"/> bounds each attempt of a plain request;
/// <see cref="Retry"/> how long transient answers are asked again (the target's --wait-timeout), on which clock, and
/// where the progress lines go.</summary>
public sealed record ClusterSettings(string? Kubeconfig, string? Context, TimeSpan RequestTimeout)
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Null: the default budget (10 min, the system clock, the shared logger).</summary>
    public RetryBudget? Retry { get; init; }

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
