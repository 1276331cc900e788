// 422 Invalid answers for what the API server's validation rejects. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (name or generateName required, name formats,
// label keys/values), staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (the RFC 1123 / 1035 and
// label messages), pkg/apis/core/validation/validation.go (Secret, ConfigMap, Pod, Service),
// pkg/apis/apps/validation/validation.go (Deployment/StatefulSet selector and template), staging/src/
// k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go (CRD names, one storage version),
// and structural-schema validation of custom resources (required properties and value types only).
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LogForge.Testing.Kubernetes;

internal static partial class Validation
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string ConfigKeyMessage =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    /// <summary>Throws 422 Invalid with every problem found.</summary>
    public static void Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        ValidateMetadata(type, obj, causes);
        switch (type.Group, type.Plural)
        {
            case ("", "secrets"):
                ValidateSecret(obj, old, causes);
                break;
            case ("", "configmaps"):
                foreach (var key in obj.ObjectAt("data")?.Select(kv => kv.Key) ?? [])
                {
                    if (!ConfigKey().IsMatch(key))
                        causes.Add(StatusError.InvalidValue($"data[{key}]", key, ConfigKeyMessage));
                }
                break;
            case ("", "pods"):
                ValidateContainers(obj.ObjectAt("spec"), "spec", causes);
                break;
            case ("", "services"):
                ValidateService(obj, causes);
                break;
            case ("apps", "deployments" or "statefulsets" or "replicasets" or "daemonsets"):
                ValidateWorkload(obj, causes);
                break;
            case ("apiextensions.k8s.io", "customresourcedefinitions"):
                ValidateCrd(obj, causes);
                break;
        }
        if (type.IsCustom && type.Schema is not null)
            ValidateSchema(type.Schema, obj, "", causes, root: true);
        if (causes.Count > 0)
            throw StatusError.Invalid(type.Group, type.Kind, obj.Name(), causes);
    }

    private static void ValidateMetadata(ResourceType type, JsonObject obj, List<StatusCause> causes)
    {
        var name = obj.Name();
        if (name.Length == 0)
        {
            causes.Add(StatusError.Required("metadata.name", "name or generateName is required"));
            return;
        }
        if (type.Group == "rbac.authorization.k8s.io")
        {
            if (name.Contains('/') || name.Contains('%') || name is "." or "..")
                causes.Add(StatusError.InvalidValue("metadata.name", name, "may not contain '/' or '%' and may not be '.' or '..'"));
        }
        else if (type is { Group: "", Plural: "namespaces" })
        {
            if (name.Length > 63 || !Label().IsMatch(name))
                causes.Add(StatusError.InvalidValue("metadata.name", name, LabelMessage));
        }
        else if (type is { Group: "", Plural: "services" })
        {
            if (name.Length > 63 || !Dns1035().IsMatch(name))
                causes.Add(StatusError.InvalidValue("metadata.name", name, Dns1035Message));
        }
        else if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            causes.Add(StatusError.InvalidValue("metadata.name", name, SubdomainMessage));
        }
        var annotations = JsonTree.StringMap(obj.ObjectAt("metadata", "annotations"));
        var annotationBytes = annotations.Sum(kv => System.Text.Encoding.UTF8.GetByteCount(kv.Key) + System.Text.Encoding.UTF8.GetByteCount(kv.Value));
        if (annotationBytes > 262144)
            causes.Add(new StatusCause("FieldValueTooLong", "Too long: may not be more than 262144 bytes", "metadata.annotations"));
        foreach (var (key, value) in JsonTree.StringMap(obj.ObjectAt("metadata", "labels")))
        {
            var slash = key.LastIndexOf('/');
            var keyName = slash < 0 ? key : key[(slash + 1)..];
            if (keyName.Length is 0 or > 63 || !LabelValue().IsMatch(keyName) || (slash >= 0 && !Subdomain().IsMatch(key[..slash])))
                causes.Add(StatusError.InvalidValue("metadata.labels", key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
            if (value.Length > 63 || (value.Length > 0 && !LabelValue().IsMatch(value)))
                causes.Add(StatusError.InvalidValue("metadata.labels", value, LabelValueMessage));
        }
    }

    private static void ValidateSecret(JsonObject secret, JsonObject? old, List<StatusCause> causes)
    {
        var data = secret.ObjectAt("data");
        foreach (var key in data?.Select(kv => kv.Key) ?? [])
        {
            if (!ConfigKey().IsMatch(key))
                causes.Add(StatusError.InvalidValue($"data[{key}]", key, ConfigKeyMessage));
        }
        var type = secret.Str("type") ?? "Opaque";
        if (old is not null && (old.Str("type") ?? "Opaque") != type)
            causes.Add(StatusError.InvalidValue("type", type, "field is immutable"));
        if (type == "kubernetes.io/dockerconfigjson")
        {
            var encoded = data.Str(".dockerconfigjson");
            if (encoded is null)
            {
                causes.Add(StatusError.Required("data[.dockerconfigjson]"));
            }
            else
            {
                try
                {
                    using var _ = JsonDocument.Parse(Convert.FromBase64String(encoded));
                }
                catch (JsonException e)
                {
                    causes.Add(StatusError.InvalidValue("data[.dockerconfigjson]", "<secret contents redacted>", e.Message));
                }
            }
        }
    }

    private static void ValidateService(JsonObject service, List<StatusCause> causes)
    {
        var ports = service.ArrayAt("spec", "ports");
        var headless = service.Str("spec", "clusterIP") == "None";
        if ((ports is null || ports.Count == 0) && !headless && service.Str("spec", "type") != "ExternalName")
            causes.Add(StatusError.Required("spec.ports"));
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            if (ports![i].Long("port") is not > 0)
                causes.Add(StatusError.Required($"spec.ports[{i}].port"));
        }
    }

    private static void ValidateWorkload(JsonObject workload, List<StatusCause> causes)
    {
        var selector = workload.ObjectAt("spec", "selector");
        if (selector is null)
        {
            causes.Add(StatusError.Required("spec.selector"));
        }
        else if (JsonTree.StringMap(workload.ObjectAt("spec", "template", "metadata", "labels")) is var labels
                 && !LabelSelector.FromObject(selector).Matches(labels))
        {
            var shown = "map[string]string{" + string.Join(", ", labels.Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}";
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {shown}: `selector` does not match template `labels`",
                "spec.template.metadata.labels"));
        }
        ValidateContainers(workload.ObjectAt("spec", "template", "spec"), "spec.template.spec", causes);
    }

    private static void ValidateContainers(JsonObject? podSpec, string path, List<StatusCause> causes)
    {
        var containers = podSpec.ArrayAt("containers");
        if (containers is null || containers.Count == 0)
        {
            causes.Add(StatusError.Required($"{path}.containers"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(containers[i].Str("name")))
                causes.Add(StatusError.Required($"{path}.containers[{i}].name"));
            if (string.IsNullOrEmpty(containers[i].Str("image")))
                causes.Add(StatusError.Required($"{path}.containers[{i}].image"));
        }
    }

    private static void ValidateCrd(JsonObject crd, List<StatusCause> causes)
    {
        var group = crd.Str("spec", "group");
        var plural = crd.Str("spec", "names", "plural");
        if (string.IsNullOrEmpty(group))
            causes.Add(StatusError.Required("spec.group"));
        if (string.IsNullOrEmpty(plural))
            causes.Add(StatusError.Required("spec.names.plural"));
        if (string.IsNullOrEmpty(crd.Str("spec", "names", "kind")))
            causes.Add(StatusError.Required("spec.names.kind"));
        if (crd.Str("spec", "scope") is not ("Namespaced" or "Cluster"))
            causes.Add(StatusError.NotSupported("spec.scope", crd.Str("spec", "scope") ?? "", ["Cluster", "Namespaced"]));
        if (!string.IsNullOrEmpty(group) && !string.IsNullOrEmpty(plural) && crd.Name() != $"{plural}.{group}")
            causes.Add(StatusError.InvalidValue("metadata.name", crd.Name(), "must be spec.names.plural+\".\"+spec.group"));
        var versions = crd.ArrayAt("spec", "versions")?.OfType<JsonObject>().ToList() ?? [];
        if (versions.Count == 0)
            causes.Add(StatusError.Required("spec.versions", "must have exactly one version marked as storage version"));
        else if (versions.Count(v => v.Bool("storage") == true) != 1)
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: \"" + versions.Count(v => v.Bool("storage") == true) +
                "\": must have exactly one version marked as storage version", "spec.versions"));
    }

    /// <summary>Structural schema checks: required properties and JSON types, honouring x-kubernetes-preserve-unknown-fields.</summary>
    private static void ValidateSchema(JsonObject schema, JsonNode? value, string path, List<StatusCause> causes, bool root = false)
    {
        if (value is null)
            return;
        var type = schema.Str("type");
        var actual = value switch
        {
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
            JsonValue v when v.TryGetValue<string>(out _) => "string",
            JsonValue v when v.TryGetValue<long>(out _) || v.TryGetValue<int>(out _) => "integer",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => IsWhole(v) ? "integer" : "number",
            _ => "unknown",
        };
        var intOrString = schema.Bool("x-kubernetes-int-or-string") == true;
        if (type is not null && type != actual && !(type == "number" && actual == "integer") && !(intOrString && actual is "integer" or "string"))
        {
            causes.Add(new StatusCause("FieldValueTypeInvalid",
                $"Invalid value: \"{actual}\": {path.TrimStart('.')} in body must be of type {type}: \"{actual}\"", path.TrimStart('.')));
            return;
        }
        if (value is JsonObject obj)
        {
            foreach (var required in schema.ArrayAt("required")?.Select(r => r?.ToString()).OfType<string>() ?? [])
            {
                if (root && required is "metadata" or "apiVersion" or "kind")
                    continue;
                if (obj[required] is null)
                    causes.Add(StatusError.Required($"{path}.{required}".TrimStart('.')));
            }
            var properties = schema.ObjectAt("properties");
            foreach (var (name, child) in obj)
            {
                if (root && name is "metadata" or "apiVersion" or "kind")
                    continue;
                var childSchema = properties?.ObjectAt(name) ?? schema.ObjectAt("additionalProperties");
                if (childSchema is not null)
                    ValidateSchema(childSchema, child, $"{path}.{name}", causes);
            }
        }
        else if (value is JsonArray array && schema.ObjectAt("items") is { } items)
        {
            for (var i = 0; i < array.Count; i++)
                ValidateSchema(items, array[i], $"{path}[{i}]", causes);
        }
    }

    private static bool IsWhole(JsonValue value) => value.TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
