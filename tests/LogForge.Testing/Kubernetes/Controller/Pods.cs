// Pod helpers shared by the workload controllers. Followed: kubernetes/kubernetes pkg/controller/controller_utils.go
// (GetPodFromTemplate: template labels/annotations/spec, controller ownerReference with blockOwnerDeletion),
// pkg/controller/controller_utils.go ComputeHash (FNV-32a of the template, SafeEncodeString) and
// staging/src/k8s.io/apimachinery/pkg/util/rand (the consonant/digit alphabet of generated names).
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal static class Pods
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static bool IsReady(JsonObject pod) =>
        pod.Str("metadata", "deletionTimestamp") is null && StatusConditions.IsTrue(pod, "Ready");

    public static bool IsDeleting(JsonObject obj) => obj.Str("metadata", "deletionTimestamp") is not null;

    public static string RandomSuffix(int length = 5) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]));

    /// <summary>pod-template-hash / controller-revision-hash: FNV-32a of the template, encoded with the safe alphabet.</summary>
    public static string TemplateHash(JsonNode? template)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(template?.ToCompactJson() ?? ""))
        {
            hash ^= b;
            hash *= 16777619;
        }
        return string.Concat(hash.ToString(CultureInfo.InvariantCulture).Select(c => Alphabet[c % Alphabet.Length]));
    }

    public static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static JsonObject? ControllerOf(JsonObject obj) =>
        obj.ArrayAt("metadata", "ownerReferences")?.OfType<JsonObject>().FirstOrDefault(o => o.Bool("controller") == true);

    public static bool OwnedBy(JsonObject obj, JsonObject owner) => ControllerOf(obj)?.Str("uid") == owner.Uid();

    public static JsonObject FromTemplate(JsonObject? template, string ns, string name, JsonObject owner, string? node,
        IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var labels = template.ObjectAt("metadata", "labels")?.Clone() ?? new JsonObject();
        foreach (var (key, value) in extraLabels ?? new Dictionary<string, string>())
            labels[key] = value;
        var meta = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(OwnerReference(owner)),
        };
        if (template.ObjectAt("metadata", "annotations") is { } annotations)
            meta["annotations"] = annotations.Clone();
        var spec = template.ObjectAt("spec")?.Clone() ?? new JsonObject();
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        if (node is not null)
            spec["nodeName"] = node;
        var status = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        if (node is not null)
            StatusConditions.Set(status, "PodScheduled", "True", null, null);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    /// <summary>The first Ready node, as a one-node scheduler would pick.</summary>
    public static JsonObject? PickNode(ControllerContext context) =>
        context.Nodes().FirstOrDefault(n => StatusConditions.IsTrue(n, "Ready") && n.Bool("spec", "unschedulable") != true);
}
