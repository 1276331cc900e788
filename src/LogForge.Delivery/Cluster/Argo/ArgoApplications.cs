using System.Net;
using System.Text.Json.Nodes;
using k8s;

namespace LogForge.Delivery.Cluster.Argo;

/// <summary>The Argo CD Applications of the namespace Argo CD runs in (custom resources applications.argoproj.io).</summary>
public sealed class ArgoApplications(ClusterConnection cluster, string argoNamespace)
{
    /// <summary>The Application, or null when it does not exist.</summary>
    public async Task<JsonObject?> ReadAsync(string name, CancellationToken ct)
    {
        try
        {
            return await ClusterCall.RunAsync(cluster, $"read Application {argoNamespace}/{name}",
                () => cluster.Api.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(ApplicationState.Group, ApplicationState.Version,
                    argoNamespace, ApplicationState.Plural, name, ct), ct);
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == HttpStatusCode.NotFound)
        {
            // Also when Argo CD's CRD is missing; the caller's discovery says which.
            return null;
        }
    }

    public async Task<ApplicationState?> StateAsync(string name, CancellationToken ct) =>
        await ReadAsync(name, ct) is { } application ? ApplicationState.From(application) : null;
}
