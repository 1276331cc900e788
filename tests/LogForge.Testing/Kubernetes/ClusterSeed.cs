// What a fresh cluster already holds: the four system namespaces and Ready nodes. Node status as the kubelet reports
// it (kubernetes/kubernetes pkg/kubelet/nodestatus/setters.go: conditions MemoryPressure/DiskPressure/PIDPressure
// False and Ready True "kubelet is posting ready status", addresses, capacity/allocatable, nodeInfo).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class ClusterSeed
{
    public static IEnumerable<JsonObject> Namespaces() =>
        new[] { "default", "kube-system", "kube-public", "kube-node-lease" }.Select(name => new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name },
        });

    public static JsonObject Node(string name, int index)
    {
        var now = JsonTree.Now();
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = now,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        };
        var resources = new JsonObject { ["cpu"] = "2", ["memory"] = "8131628Ki", ["pods"] = "110", ["ephemeral-storage"] = "101203600Ki" };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = "amd64",
                },
            },
            ["spec"] = new JsonObject
            {
                ["podCIDR"] = $"10.244.{index}.0/24",
                ["podCIDRs"] = JsonTree.Strings($"10.244.{index}.0/24"),
                ["providerID"] = $"kind://docker/fake/{name}",
            },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.0.0.{index + 2}" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = Guid.NewGuid().ToString("N"),
                    ["systemUUID"] = Guid.NewGuid().ToString(),
                    ["bootID"] = Guid.NewGuid().ToString(),
                    ["kernelVersion"] = "6.1.0-37-amd64",
                    ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
                    ["containerRuntimeVersion"] = "containerd://2.1.1",
                    ["kubeletVersion"] = DiscoveryApi.GitVersion,
                    // Deprecated and no longer set by the kubelet (1.31+), but NodeSystemInfo serializes it without
                    // omitempty and the OpenAPI schema requires it: the API server sends "".
                    ["kubeProxyVersion"] = "",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                },
            },
        };
    }
}
