// The endpoints controller. Followed: kubernetes/kubernetes pkg/controller/endpoint/endpoints_controller.go (one
// Endpoints object per Service with a selector, named like it; ready pods under subsets[].addresses, others under
// notReadyAddresses, each with ip, nodeName and a Pod targetRef; ports resolved from targetPort, named ports looked
// up in the pod's containers; no subsets when no pod matches).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class EndpointsBehaviour(FakeController controller) : IBehaviour
{
    private const string Manager = "kube-controller-manager";

    public bool Enabled => controller.MaintainEndpoints;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        if (evt.Resource is not { Group: "", Plural: "services" or "pods" })
            return;
        var ns = evt.Object.Namespace();
        if (evt.Type == "DELETED" && evt.Resource.Plural == "services")
        {
            var endpointsType = context.Type("", "endpoints");
            var name = evt.Object.Name();
            context.Now(() => context.Delete(endpointsType, ns, name));
        }
        context.Once($"endpoints:{ns}", TimeSpan.Zero, () => Reconcile(context, ns));
    }

    private static void Reconcile(ControllerContext context, string ns)
    {
        var endpointsType = context.Type("", "endpoints");
        var pods = context.List(context.Type("", "pods"), ns).Where(p => !Pods.IsDeleting(p) && p.Str("status", "podIP") is not null).ToList();
        foreach (var service in context.List(context.Type("", "services"), ns))
        {
            var selector = JsonTree.StringMap(service.ObjectAt("spec", "selector"));
            if (selector.Count == 0)
                continue;
            var members = pods.Where(p => selector.All(kv => p.Labels().TryGetValue(kv.Key, out var v) && v == kv.Value)).ToList();
            var subsets = new JsonArray();
            if (members.Count > 0)
            {
                var subset = new JsonObject();
                var ready = members.Where(Pods.IsReady).Select(Address).ToList();
                var notReady = members.Where(p => !Pods.IsReady(p)).Select(Address).ToList();
                if (ready.Count > 0)
                    subset["addresses"] = JsonTree.ToJsonArray(ready);
                if (notReady.Count > 0)
                    subset["notReadyAddresses"] = JsonTree.ToJsonArray(notReady);
                subset["ports"] = JsonTree.ToJsonArray(service.ArrayAt("spec", "ports")?.OfType<JsonObject>()
                    .Select(p => (JsonNode?)Port(p, members[0])) ?? []);
                subsets.Add(subset);
            }
            var existing = context.Get(endpointsType, ns, service.Name());
            if (existing is null)
            {
                var endpoints = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Endpoints",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = service.Name(),
                        ["namespace"] = ns,
                        ["labels"] = service.ObjectAt("metadata", "labels")?.Clone() ?? new JsonObject(),
                    },
                };
                if (subsets.Count > 0)
                    endpoints["subsets"] = subsets;
                context.Create(endpointsType, endpoints, Manager);
                continue;
            }
            context.Update(endpointsType, ns, service.Name(), e =>
            {
                if (subsets.Count > 0)
                    e["subsets"] = subsets.DeepClone();
                else
                    e.Remove("subsets");
                return true;
            }, Manager, "");
        }
    }

    private static JsonNode? Address(JsonObject pod) => new JsonObject
    {
        ["ip"] = pod.Str("status", "podIP"),
        ["nodeName"] = pod.Str("spec", "nodeName"),
        ["targetRef"] = new JsonObject
        {
            ["kind"] = "Pod",
            ["namespace"] = pod.Namespace(),
            ["name"] = pod.Name(),
            ["uid"] = pod.Uid(),
        },
    };

    private static JsonObject Port(JsonObject servicePort, JsonObject pod)
    {
        var target = servicePort["targetPort"] ?? servicePort["port"];
        long number;
        if (target is JsonValue v && v.TryGetValue<string>(out var named))
        {
            number = pod.ArrayAt("spec", "containers")?.OfType<JsonObject>()
                .SelectMany(c => c.ArrayAt("ports")?.OfType<JsonObject>() ?? [])
                .FirstOrDefault(p => p.Str("name") == named)?.Long("containerPort") ?? 0;
        }
        else
        {
            number = target.Long() ?? 0;
        }
        var port = new JsonObject();
        if (servicePort.Str("name") is { } name)
            port["name"] = name;
        port["port"] = number;
        port["protocol"] = servicePort.Str("protocol") ?? "TCP";
        return port;
    }
}
