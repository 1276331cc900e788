using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>What tests wait for in a stored pod's status (as <see cref="FakeKubernetesServer.List"/> returns it).</summary>
public static class PodStatus
{
    /// <summary>The Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true;

    /// <summary>A container waits with this reason (ImagePullBackOff, CrashLoopBackOff, …).</summary>
    public static bool IsWaiting(JsonObject pod, string reason) =>
        pod["status"]?["containerStatuses"]?.AsArray().Any(c => (string?)c?["state"]?["waiting"]?["reason"] == reason) == true;
}
