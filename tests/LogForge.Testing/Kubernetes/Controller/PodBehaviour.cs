// The scheduler and the kubelet, as far as pod status goes. Followed: kubernetes/kubernetes
// pkg/scheduler (binding sets spec.nodeName and PodScheduled=True), pkg/kubelet/status/generate.go and
// kubelet_pods.go (conditions PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled; Ready=False
// with reason ContainersNotReady and "containers with unready status: [...]"; containerStatuses running/waiting),
// pkg/kubelet/images/image_manager.go and pkg/kubelet/events/event.go (ImagePullBackOff: Warning "Failed" events
// "Failed to pull image ..." and "Error: ErrImagePull"/"Error: ImagePullBackOff", Normal "BackOff"),
// pkg/kubelet/kuberuntime/kuberuntime_container.go (CrashLoopBackOff "back-off ... restarting failed container").
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class PodBehaviour(FakeController controller) : IBehaviour
{
    private readonly HashSet<string> _stuck = [];
    private int _nextIp = 10;

    public bool Enabled => controller.StartPods;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        if (evt.Type == "DELETED" || evt.Resource is not { Group: "", Plural: "pods" })
            return;
        var pod = evt.Object;
        if (Pods.IsDeleting(pod) || pod.Str("status", "phase") is "Succeeded" or "Failed")
            return;
        var ns = pod.Namespace();
        var name = pod.Name();
        if (string.IsNullOrEmpty(pod.Str("spec", "nodeName")))
        {
            context.Once($"schedule:{pod.Uid()}", TimeSpan.Zero, () => Schedule(context, ns, name));
            return;
        }
        if (Pods.IsReady(pod))
        {
            if (Pods.ControllerOf(pod)?.Str("kind") == "Job")
                context.Once($"complete:{pod.Uid()}", controller.DelayFor("Pod", ns, name), () => Complete(context, ns, name));
            return;
        }
        var stuck = controller.NotReadyFor("Pod", ns, name);
        if (_stuck.Contains(pod.Uid()) && stuck is not null)
            return;
        if (pod.Str("status", "phase") == "Running" && !_stuck.Contains(pod.Uid()))
            return;
        context.Once($"start:{pod.Uid()}", controller.DelayFor("Pod", ns, name), () => Start(context, ns, name));
    }

    private static void Schedule(ControllerContext context, string ns, string name)
    {
        var node = Pods.PickNode(context);
        if (node is null)
            return;
        context.Update(context.Type("", "pods"), ns, name, pod =>
        {
            if (!string.IsNullOrEmpty(pod.Str("spec", "nodeName")))
                return false;
            pod.Child("spec")["nodeName"] = node.Name();
            StatusConditions.Set(pod.Child("status"), "PodScheduled", "True", null, null);
            return true;
        }, "kube-scheduler", "binding");
    }

    private void Start(ControllerContext context, string ns, string name)
    {
        var podType = context.Type("", "pods");
        var pod = context.Get(podType, ns, name);
        if (pod is null || Pods.IsDeleting(pod) || Pods.IsReady(pod))
            return;
        var node = pod.Str("spec", "nodeName") ?? "";
        var hostIp = context.Get(context.Type("", "nodes"), "", node).ArrayAt("status", "addresses")?.OfType<JsonObject>()
            .FirstOrDefault(a => a.Str("type") == "InternalIP")?.Str("address") ?? "10.0.0.2";
        var podIp = pod.Str("status", "podIP") ?? $"10.244.{_nextIp / 250}.{_nextIp++ % 250 + 2}";
        var containers = pod.ArrayAt("spec", "containers")?.OfType<JsonObject>().ToList() ?? [];
        var stuck = controller.NotReadyFor("Pod", ns, name);
        var firstStart = !_stuck.Contains(pod.Uid());
        var now = JsonTree.Now();
        var updated = context.Update(podType, ns, name, p =>
        {
            var status = p.Child("status");
            status["hostIP"] = hostIp;
            status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
            status["startTime"] ??= now;
            StatusConditions.Set(status, "PodReadyToStartContainers", "True", null, null);
            StatusConditions.Set(status, "Initialized", "True", null, null);
            if (stuck is null)
            {
                status["phase"] = "Running";
                StatusConditions.Set(status, "Ready", "True", null, null);
                StatusConditions.Set(status, "ContainersReady", "True", null, null);
                status["containerStatuses"] = JsonTree.ToJsonArray(containers.Select(c => (JsonNode?)Running(c, now)));
            }
            else
            {
                var names = $"containers with unready status: [{string.Join(" ", containers.Select(c => c.Str("name")))}]";
                status["phase"] = stuck.Value.Reason == "ImagePullBackOff" || stuck.Value.Reason == "ErrImagePull" ? "Pending" : "Running";
                StatusConditions.Set(status, "Ready", "False", "ContainersNotReady", names);
                StatusConditions.Set(status, "ContainersReady", "False", "ContainersNotReady", names);
                status["containerStatuses"] = JsonTree.ToJsonArray(containers.Select(c => (JsonNode?)Waiting(c, p, stuck.Value.Reason, stuck.Value.Message)));
            }
            StatusConditions.Set(status, "PodScheduled", "True", null, null);
            return true;
        }, "kubelet");
        if (updated is null)
            return;
        if (stuck is null)
        {
            _stuck.Remove(updated.Uid());
            EventRecorder.Record(context, updated, "Normal", "Started", $"Started container {containers.FirstOrDefault()?.Str("name")}",
                "kubelet", node, FieldPath(containers.FirstOrDefault()));
            return;
        }
        _stuck.Add(updated.Uid());
        if (firstStart)
            RecordFailure(context, updated, containers.FirstOrDefault(), stuck.Value.Reason, stuck.Value.Message, node);
    }

    /// <summary>A Job's pod whose containers exit 0: phase Succeeded, Ready=False (PodCompleted), terminated Completed.</summary>
    private static void Complete(ControllerContext context, string ns, string name)
    {
        var podType = context.Type("", "pods");
        context.Update(podType, ns, name, p =>
        {
            if (p.Str("status", "phase") != "Running")
                return false;
            var status = p.Child("status");
            status["phase"] = "Succeeded";
            StatusConditions.Set(status, "Ready", "False", "PodCompleted", null);
            StatusConditions.Set(status, "ContainersReady", "False", "PodCompleted", null);
            foreach (var container in status.ArrayAt("containerStatuses")?.OfType<JsonObject>() ?? [])
            {
                var startedAt = container.Str("state", "running", "startedAt") ?? JsonTree.Now();
                container["state"] = new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 0,
                        ["reason"] = "Completed",
                        ["startedAt"] = startedAt,
                        ["finishedAt"] = JsonTree.Now(),
                    },
                };
                container["ready"] = false;
                container["started"] = false;
            }
            return true;
        }, "kubelet");
    }

    private static string? FieldPath(JsonObject? container) => container is null ? null : $"spec.containers{{{container.Str("name")}}}";

    private static JsonObject Running(JsonObject container, string now) => new()
    {
        ["name"] = container.Str("name"),
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
        ["lastState"] = new JsonObject(),
        ["ready"] = true,
        ["restartCount"] = 0,
        ["image"] = container.Str("image"),
        ["imageID"] = ImageId(container.Str("image") ?? ""),
        ["containerID"] = $"containerd://{Digest(container.Str("name") + Guid.NewGuid())}",
        ["started"] = true,
    };

    /// <summary>What the kubelet reports as a running container's imageID: the repository and the digest it pulled — the one the
    /// image names after '@', else the digest its tag resolved to (here: a digest derived from the reference, standing for the registry's).</summary>
    private static string ImageId(string image)
    {
        var at = image.IndexOf('@');
        var named = at < 0 ? image : image[..at];
        var colon = named.LastIndexOf(':');
        var repository = colon > named.LastIndexOf('/') ? named[..colon] : named;
        return at < 0 ? $"{repository}@sha256:{Digest(image)}" : $"{repository}@{image[(at + 1)..]}";
    }

    private static JsonObject Waiting(JsonObject container, JsonObject pod, string reason, string? message)
    {
        var image = container.Str("image") ?? "";
        var text = message ?? reason switch
        {
            "ImagePullBackOff" => $"Back-off pulling image \"{image}\"",
            "CrashLoopBackOff" => $"back-off 40s restarting failed container={container.Str("name")} pod={pod.Name()}_{pod.Namespace()}({pod.Uid()})",
            _ => reason,
        };
        var status = new JsonObject
        {
            ["name"] = container.Str("name"),
            ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = text } },
            ["lastState"] = new JsonObject(),
            ["ready"] = false,
            ["restartCount"] = reason == "CrashLoopBackOff" ? 3 : 0,
            ["image"] = image,
            ["imageID"] = "",
            ["started"] = false,
        };
        if (reason == "CrashLoopBackOff")
        {
            status["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["finishedAt"] = JsonTree.Now() },
            };
        }
        return status;
    }

    private static void RecordFailure(ControllerContext context, JsonObject pod, JsonObject? container, string reason, string? message, string node)
    {
        var image = container?.Str("image") ?? "";
        var fieldPath = FieldPath(container);
        switch (reason)
        {
            case "ImagePullBackOff" or "ErrImagePull":
                EventRecorder.Record(context, pod, "Normal", "Pulling", $"Pulling image \"{image}\"", "kubelet", node, fieldPath);
                EventRecorder.Record(context, pod, "Warning", "Failed", message ??
                    $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": " +
                    $"failed to resolve reference \"{image}\": {image}: not found", "kubelet", node, fieldPath);
                EventRecorder.Record(context, pod, "Warning", "Failed", "Error: ErrImagePull", "kubelet", node, fieldPath);
                EventRecorder.Record(context, pod, "Normal", "BackOff", $"Back-off pulling image \"{image}\"", "kubelet", node, fieldPath);
                EventRecorder.Record(context, pod, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet", node, fieldPath);
                break;
            case "CrashLoopBackOff":
                EventRecorder.Record(context, pod, "Warning", "BackOff", message ??
                    $"Back-off restarting failed container {container?.Str("name")} in pod {pod.Name()}_{pod.Namespace()}({pod.Uid()})",
                    "kubelet", node, fieldPath);
                break;
            default:
                EventRecorder.Record(context, pod, "Warning", reason, message ?? reason, "kubelet", node, fieldPath);
                break;
        }
    }

    private static string Digest(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
