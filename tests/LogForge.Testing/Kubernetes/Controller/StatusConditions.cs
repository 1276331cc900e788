using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

/// <summary>Condition lists as controllers keep them: lastTransitionTime moves only when the status flips, so an
/// unchanged condition is an unchanged object (and a no-op write).</summary>
internal static class StatusConditions
{
    public static void Set(JsonObject status, string type, string value, string? reason, string? message, bool withUpdateTime = false)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = new JsonArray();
            status["conditions"] = conditions;
        }
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        var now = JsonTree.Now();
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add(existing);
        }
        var changed = existing.Str("status") != value || existing.Str("reason") != reason || existing.Str("message") != message;
        if (existing.Str("status") != value || existing.Str("lastTransitionTime") is null)
            existing["lastTransitionTime"] = now;
        if (withUpdateTime && (changed || existing.Str("lastUpdateTime") is null))
            existing["lastUpdateTime"] = now;
        existing["status"] = value;
        if (reason is null)
            existing.Remove("reason");
        else
            existing["reason"] = reason;
        if (message is null)
            existing.Remove("message");
        else
            existing["message"] = message;
    }

    public static bool IsTrue(JsonObject? obj, string type) =>
        obj.ArrayAt("status", "conditions")?.OfType<JsonObject>().Any(c => c.Str("type") == type && c.Str("status") == "True") == true;

    /// <summary>Sets an integer status field, omitting it when zero (Go's omitempty on int32 status counters).</summary>
    public static void Count(JsonObject status, string name, long value)
    {
        if (value == 0)
            status.Remove(name);
        else
            status[name] = value;
    }
}
