// Strimzi's cluster and topic operators as status goes. Followed: strimzi/strimzi-kafka-operator
// api/src/main/java/io/strimzi/api/kafka/model/kafka/KafkaStatus.java and topic/KafkaTopicStatus.java
// (conditions type Ready status "True"; NotReady with a reason and message while not ready; observedGeneration;
// Kafka: clusterId, kafkaVersion, listeners[].bootstrapServers "<cluster>-kafka-bootstrap.<ns>.svc:<port>";
// KafkaTopic: topicName, topicId).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class StrimziBehaviour(FakeController controller) : IBehaviour
{
    public bool Enabled => controller.ReadyStrimzi;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        if (evt.Type == "DELETED" || evt.Resource.Group != "kafka.strimzi.io")
            return;
        var obj = evt.Object;
        var kind = evt.Resource.Kind;
        var generation = obj.Long("metadata", "generation") ?? 1;
        var failure = controller.NotReadyFor(kind, obj.Namespace(), obj.Name());
        var observed = obj.Long("status", "observedGeneration");
        var ready = StatusConditions.IsTrue(obj, "Ready") || (kind == "KafkaNodePool" && obj.ObjectAt("status") is not null);
        if (observed == generation && (failure is null ? ready : !ready))
            return;
        var type = evt.Resource;
        var ns = obj.Namespace();
        var name = obj.Name();
        context.Once($"strimzi:{obj.Uid()}:{generation}:{failure is null}", controller.DelayFor(kind, ns, name), () =>
            context.Update(type, ns, name, o => Reconcile(o, kind, controller.NotReadyFor(kind, ns, name)),
                kind == "KafkaTopic" ? "strimzi-topic-operator" : "strimzi-cluster-operator"));
    }

    private static bool Reconcile(JsonObject obj, string kind, (string Reason, string? Message)? failure)
    {
        var status = obj.Child("status");
        status["observedGeneration"] = obj.Long("metadata", "generation") ?? 1;
        if (failure is { } f)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "NotReady",
                ["status"] = "True",
                ["reason"] = f.Reason,
                ["message"] = f.Message ?? f.Reason,
                ["lastTransitionTime"] = JsonTree.Now(),
            });
            return true;
        }
        if (kind == "KafkaNodePool")
        {
            var replicas = obj.Long("spec", "replicas") ?? 1;
            status["replicas"] = replicas;
            status["nodeIds"] = JsonTree.ToJsonArray(Enumerable.Range(0, (int)replicas).Select(i => (JsonNode?)JsonValue.Create(i)));
            status["roles"] = obj.ArrayAt("spec", "roles")?.DeepClone();
            status["conditions"] = new JsonArray();
            return true;
        }
        status["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Ready",
            ["status"] = "True",
            ["lastTransitionTime"] = JsonTree.Now(),
        });
        switch (kind)
        {
            case "Kafka":
                status["clusterId"] ??= Pods.RandomSuffix(22);
                status["kafkaVersion"] = obj.Str("spec", "kafka", "version") ?? "4.0.0";
                status["kafkaMetadataState"] = "KRaft";
                status["listeners"] = JsonTree.ToJsonArray(obj.ArrayAt("spec", "kafka", "listeners")?.OfType<JsonObject>().Select(l =>
                {
                    var host = $"{obj.Name()}-kafka-bootstrap.{obj.Namespace()}.svc";
                    var port = l.Long("port") ?? 9092;
                    return (JsonNode?)new JsonObject
                    {
                        ["name"] = l.Str("name"),
                        ["addresses"] = new JsonArray(new JsonObject { ["host"] = host, ["port"] = port }),
                        ["bootstrapServers"] = $"{host}:{port}",
                    };
                }) ?? []);
                break;
            case "KafkaTopic":
                status["topicName"] = obj.Str("spec", "topicName") ?? obj.Name();
                status["topicId"] ??= Pods.RandomSuffix(22);
                break;
        }
        return true;
    }
}
