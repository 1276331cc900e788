namespace LogForge.Testing.Kubernetes;

/// <summary>How a <see cref="FakeKubernetesServer"/> starts.</summary>
public sealed class FakeKubernetesOptions
{
    /// <summary>When set, every request must carry this bearer token (401 Unauthorized otherwise).</summary>
    public string? Token { get; set; }

    /// <summary>The user the token authenticates as; 403 messages name it.</summary>
    public string UserName { get; set; } = "system:serviceaccount:default:logforge-build";

    /// <summary>Nodes created Ready at start.</summary>
    public IList<string> Nodes { get; } = ["fake-node"];

    /// <summary>Create default, kube-system, kube-public and kube-node-lease at start, as a fresh cluster has them.</summary>
    public bool SeedNamespaces { get; set; } = true;

    /// <summary>Run the scripted controllers (see <see cref="Controller.FakeController"/>); each behaviour can be switched later.</summary>
    public bool ControllerEnabled { get; set; } = true;

    public TimeSpan ControllerMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan ControllerMaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often watchers that set allowWatchBookmarks=true get a BOOKMARK (the API server: about a minute).</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);
}
