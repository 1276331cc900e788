// metav1.Status bodies as the API server writes them. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewNotFound, NewAlreadyExists, NewConflict,
// NewForbidden, NewUnauthorized, NewInvalid, NewBadRequest, NewMethodNotSupported, NewResourceExpired,
// NewApplyConflict), apimachinery/pkg/util/validation/field/errors.go (field error text) and
// apimachinery/pkg/util/managedfields/internal/conflict.go (apply conflict messages).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>One cause of an Invalid or apply-conflict Status (metav1.StatusCause).</summary>
internal sealed record StatusCause(string Reason, string Message, string Field);

/// <summary>A failure answered as a metav1.Status body with the HTTP code it carries.</summary>
internal sealed class StatusError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
            status["details"] = Details.DeepClone();
        status["code"] = Code;
        return status;
    }

    private static JsonObject ResourceDetails(string group, string resource, string? name)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
            details["name"] = name;
        if (!string.IsNullOrEmpty(group))
            details["group"] = group;
        details["kind"] = resource;
        return details;
    }

    private static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    public static StatusError NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", ResourceDetails(group, resource, name));

    /// <summary>What the server answers for a path no installed API serves (apiserver's NotFound handler).</summary>
    public static StatusError NoSuchResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static StatusError AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", ResourceDetails(group, resource, name));

    public static StatusError Conflict(string group, string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {why}",
            ResourceDetails(group, resource, name));

    public static StatusError ObjectModified(string group, string resource, string name) =>
        Conflict(group, resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static StatusError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static StatusError BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusError MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static StatusError Expired(string message) => new(410, "Expired", message);

    public static StatusError UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    /// <summary>RBAC's denial (authorization filter): <c>secrets is forbidden: User "x" cannot create resource "secrets" in API group "" in the namespace "dev"</c>.</summary>
    public static StatusError Forbidden(string user, string verb, string group, string resource, string subresource, string ns, string name)
    {
        var target = subresource.Length == 0 ? resource : $"{resource}/{subresource}";
        var scope = ns.Length > 0 ? $"in the namespace \"{ns}\"" : "at the cluster scope";
        var why = $"User \"{user}\" cannot {verb} resource \"{target}\" in API group \"{group}\" {scope}";
        var subject = name.Length == 0 ? Qualified(group, resource) : $"{Qualified(group, resource)} \"{name}\"";
        return new(403, "Forbidden", $"{subject} is forbidden: {why}", ResourceDetails(group, resource, name));
    }

    /// <summary>errors.NewInvalid: <c>Kind.group "name" is invalid: field: Reason: detail</c>, 422, causes per field error.</summary>
    public static StatusError Invalid(string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
            details["group"] = group;
        details["kind"] = kind;
        details["causes"] = JsonTree.ToJsonArray(causes.Select(c => (JsonNode?)new JsonObject
        {
            ["reason"] = c.Reason,
            ["message"] = c.Message,
            ["field"] = c.Field,
        }));
        var texts = causes.Select(c => $"{c.Field}: {c.Message}").ToList();
        var joined = texts.Count == 1 ? texts[0] : $"[{string.Join(", ", texts)}]";
        return new(422, "Invalid", $"{(group.Length == 0 ? kind : $"{kind}.{group}")} \"{name}\" is invalid: {joined}", details);
    }

    public static StatusCause Required(string field, string detail = "") =>
        new("FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}", field);

    public static StatusCause InvalidValue(string field, string value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: \"{value}\": {detail}", field);

    public static StatusCause NotSupported(string field, string value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported",
            $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", field);

    public static StatusCause Forbidden(string field, string detail) => new("FieldValueForbidden", $"Forbidden: {detail}", field);

    /// <summary>Server-side apply conflict (errors.NewApplyConflict): 409 Conflict, one cause per field.</summary>
    public static StatusError ApplyConflict(IReadOnlyList<(string Manager, string Path)> conflicts)
    {
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].Path}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with {group.Key}:");
                lines.AddRange(group.Select(c => $"- {c.Path}"));
            }
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }
        var details = new JsonObject
        {
            ["causes"] = JsonTree.ToJsonArray(conflicts.Select(c => (JsonNode?)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with {c.Manager}",
                ["field"] = c.Path,
            })),
        };
        return new(409, "Conflict", message, details);
    }
}
