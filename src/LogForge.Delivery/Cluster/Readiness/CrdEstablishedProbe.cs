using k8s;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>CustomResourceDefinitions report Established=True: their kinds can be created (`kubectl wait --for condition=established`).</summary>
public sealed class CrdEstablishedProbe(ClusterConnection cluster, IReadOnlyList<string> names) : IReadinessProbe
{
    public string Check => "CRDs";

    public async Task<ReadinessResult> ProbeAsync(CancellationToken ct)
    {
        var notReady = new List<NotReadyObject>();
        foreach (var name in names)
        {
            var crd = await ClusterCall.RunAsync(cluster, $"read CustomResourceDefinition {name}",
                () => cluster.Api.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name, cancellationToken: ct), ct);
            var established = crd.Status?.Conditions?.FirstOrDefault(c => c.Type == "Established");
            if (established?.Status != "True")
                notReady.Add(new NotReadyObject("CustomResourceDefinition", null, name, established is null
                    ? "not Established yet"
                    : $"Established={established.Status} ({established.Reason}: {established.Message})"));
        }
        return ReadinessResult.Of(Check, $"{names.Count - notReady.Count}/{names.Count} Established", notReady);
    }
}
