// CustomResourceDefinitions of the third-party kinds the lab installs, trimmed to names, scope, versions,
// subresources and the top of their schemas. Followed: argoproj/argo-cd manifests/crds/application-crd.yaml and
// appproject-crd.yaml (argoproj.io/v1alpha1, no status subresource, shortNames app/apps and appproj/appprojs, spec
// requires destination and project) and strimzi/strimzi-kafka-operator packaging/install/cluster-operator/
// 040-Crd-kafka.yaml, 043-Crd-kafkatopic.yaml, 04A-Crd-kafkanodepool.yaml (kafka.strimzi.io/v1beta2, status
// subresource, shortNames k/kt/knp, category strimzi).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>CRDs a test installs with <see cref="FakeKubernetesServer.Seed(JsonObject, string?)"/> (or applies through the API).</summary>
public static class KnownCrds
{
    public static JsonObject ArgoCdApplication() => Crd("argoproj.io", "Application", "applications", "application", ["app", "apps"], [],
        "v1alpha1", statusSubresource: false, scale: false, Schema(spec: new JsonObject
        {
            ["type"] = "object",
            ["required"] = JsonTree.Strings("destination", "project"),
            ["x-kubernetes-preserve-unknown-fields"] = true,
        }, required: ["metadata", "spec"], extra: "operation"));

    public static JsonObject ArgoCdAppProject() => Crd("argoproj.io", "AppProject", "appprojects", "appproject", ["appproj", "appprojs"], [],
        "v1alpha1", statusSubresource: false, scale: false, Schema(spec: Open(), required: ["metadata", "spec"]));

    public static JsonObject StrimziKafka() => Crd("kafka.strimzi.io", "Kafka", "kafkas", "kafka", ["k"], ["strimzi"],
        "v1beta2", statusSubresource: true, scale: false, Schema(spec: new JsonObject
        {
            ["type"] = "object",
            ["required"] = JsonTree.Strings("kafka"),
            ["x-kubernetes-preserve-unknown-fields"] = true,
        }, required: []));

    public static JsonObject StrimziKafkaTopic() => Crd("kafka.strimzi.io", "KafkaTopic", "kafkatopics", "kafkatopic", ["kt"], ["strimzi"],
        "v1beta2", statusSubresource: true, scale: false, Schema(spec: Open(), required: []));

    public static JsonObject StrimziKafkaNodePool() => Crd("kafka.strimzi.io", "KafkaNodePool", "kafkanodepools", "kafkanodepool", ["knp"], ["strimzi"],
        "v1beta2", statusSubresource: true, scale: true, Schema(spec: Open(), required: []));

    private static JsonObject Open() => new() { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };

    private static JsonObject Schema(JsonObject spec, string[] required, string? extra = null)
    {
        var properties = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = new JsonObject { ["type"] = "object" },
            ["spec"] = spec,
            ["status"] = Open(),
        };
        if (extra is not null)
            properties[extra] = Open();
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Length > 0)
            schema["required"] = JsonTree.Strings(required);
        return schema;
    }

    private static JsonObject Crd(string group, string kind, string plural, string singular, string[] shortNames, string[] categories,
        string version, bool statusSubresource, bool scale, JsonObject schema)
    {
        var subresources = new JsonObject();
        if (statusSubresource)
            subresources["status"] = new JsonObject();
        if (scale)
        {
            subresources["scale"] = new JsonObject
            {
                ["specReplicasPath"] = ".spec.replicas",
                ["statusReplicasPath"] = ".status.replicas",
                ["labelSelectorPath"] = ".status.labelSelector",
            };
        }
        var names = new JsonObject
        {
            ["kind"] = kind,
            ["listKind"] = kind + "List",
            ["plural"] = plural,
            ["singular"] = singular,
            ["shortNames"] = JsonTree.Strings(shortNames),
        };
        if (categories.Length > 0)
            names["categories"] = JsonTree.Strings(categories);
        var versionEntry = new JsonObject
        {
            ["name"] = version,
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema },
        };
        if (subresources.Count > 0)
            versionEntry["subresources"] = subresources;
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = group,
                ["names"] = names,
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(versionEntry),
            },
        };
    }
}
