using System.Text.Json.Nodes;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>Reads the standard status.conditions list of any object (custom resources included).</summary>
public static class Conditions
{
    public static bool IsTrue(JsonNode? status, string type) =>
        Find(status, type)?["status"]?.GetValue<string>() == "True";

    /// <summary>"Ready=False (NotReady: the message)" for each condition that is not True, or the status phase, or "no status yet".</summary>
    public static string Describe(JsonNode? status)
    {
        var conditions = status?["conditions"]?.AsArray().Select(c => c!).ToList() ?? [];
        var notTrue = conditions
            .Where(c => c["status"]?.GetValue<string>() != "True")
            .Select(c => $"{c["type"]}={c["status"]}{Because(c)}")
            .ToList();
        if (notTrue.Count > 0) return string.Join("; ", notTrue);
        return status is null ? "no status yet"
            : conditions.Count == 0 ? "no conditions yet"
            : "conditions " + string.Join(", ", conditions.Select(c => $"{c["type"]}={c["status"]}"));
    }

    private static JsonNode? Find(JsonNode? status, string type) =>
        status?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type);

    private static string Because(JsonNode condition)
    {
        var reason = condition["reason"]?.GetValue<string>();
        var message = condition["message"]?.GetValue<string>();
        return (reason, message) switch
        {
            (null, null) => "",
            (_, null) => $" ({reason})",
            (null, _) => $" ({message})",
            _ => $" ({reason}: {message})",
        };
    }
}
