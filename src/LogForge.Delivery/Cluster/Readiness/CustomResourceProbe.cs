using System.Text.Json.Nodes;
using k8s;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>A custom resource (Strimzi's Kafka, a KafkaTopic) reports condition Ready=True (`kubectl wait --for=condition=Ready`).</summary>
public sealed class CustomResourceProbe(ClusterConnection cluster, string group, string version, string plural, string kind, string ns, string name)
    : IReadinessProbe
{
    public string Check => $"{kind} {name}";

    public async Task<ReadinessResult> ProbeAsync(CancellationToken ct)
    {
        JsonNode? status;
        try
        {
            var found = await ClusterCall.RunAsync(cluster, $"read {kind} {ns}/{name}",
                () => cluster.Api.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(group, version, ns, plural, name, ct), ct);
            status = found["status"];
        }
        catch (ClusterException e) when (e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == System.Net.HttpStatusCode.NotFound)
        {
            return ReadinessResult.Of(Check, "missing", [new NotReadyObject(kind, ns, name, "does not exist")]);
        }
        return Conditions.IsTrue(status, "Ready")
            ? ReadinessResult.Of(Check, "Ready", [])
            : ReadinessResult.Of(Check, "not Ready", [new NotReadyObject(kind, ns, name, Conditions.Describe(status))]);
    }
}
