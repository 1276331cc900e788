// core/v1 Events as the kubelet and controllers record them (involvedObject, reason, message, source,
// first/lastTimestamp, count, type, reportingComponent/Instance). Followed: kubernetes/kubernetes
// staging/src/k8s.io/client-go/tools/record/event.go (makeEvent: name "<object>.<hex unix nanos>") and
// pkg/kubelet/events/event.go (reasons Scheduled, Pulling, Failed, BackOff, Started...).
using System.Globalization;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal static class EventRecorder
{
    private static long _sequence;

    public static void Record(ControllerContext context, JsonObject involved, string type, string reason, string message,
        string component, string? host = null, string? fieldPath = null)
    {
        var eventType = context.TryType("", "events");
        if (eventType is null)
            return;
        var nanos = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000) + Interlocked.Increment(ref _sequence);
        var now = JsonTree.Now();
        var reference = new JsonObject
        {
            ["kind"] = involved.Str("kind"),
            ["namespace"] = involved.Namespace(),
            ["name"] = involved.Name(),
            ["uid"] = involved.Uid(),
            ["apiVersion"] = involved.Str("apiVersion"),
            ["resourceVersion"] = involved.Str("metadata", "resourceVersion"),
        };
        if (fieldPath is not null)
            reference["fieldPath"] = fieldPath;
        var source = new JsonObject { ["component"] = component };
        if (host is not null)
            source["host"] = host;
        var ns = involved.Namespace().Length > 0 ? involved.Namespace() : "default";
        var evt = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{involved.Name()}.{nanos.ToString("x", CultureInfo.InvariantCulture)}",
                ["namespace"] = ns,
            },
            ["involvedObject"] = reference,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = source,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = type,
            ["reportingComponent"] = component,
            ["reportingInstance"] = host ?? "",
        };
        context.Create(eventType, evt, component);
    }
}
