// What the registry strategies do before an object is stored: status reset on create and on main-resource updates
// (status comes only through the status subresource), defaults the server fills in, Secret stringData folded into
// data. Followed: kubernetes/kubernetes pkg/registry/core/{pod,service,secret,namespace,persistentvolumeclaim}/
// strategy.go (PrepareForCreate/PrepareForUpdate), pkg/apis/core/v1/defaults.go and conversion.go
// (Convert_v1_Secret_To_core_Secret: stringData entries overwrite data), pkg/registry/core/service/ipallocator.
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal sealed class Admission
{
    private readonly object _gate = new();
    private int _nextServiceIp = 10;

    /// <summary>Create: a status the client sent is dropped (types with a status subresource), then defaults.</summary>
    public void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        if (type.HasStatus)
            obj.Remove("status");
        Default(type, obj, null);
    }

    /// <summary>Update of the main resource keeps the stored status; an update of /status keeps everything but status.</summary>
    public void PrepareForUpdate(ResourceType type, JsonObject obj, JsonObject old, string subresource)
    {
        if (subresource == "status")
        {
            var status = obj["status"]?.DeepClone();
            foreach (var name in obj.Select(kv => kv.Key).ToList())
                obj.Remove(name);
            foreach (var (name, value) in old)
                obj[name] = value?.DeepClone();
            if (status is null)
                obj.Remove("status");
            else
                obj["status"] = status;
            return;
        }
        if (type.HasStatus)
        {
            if (old["status"] is { } status)
                obj["status"] = status.DeepClone();
            else
                obj.Remove("status");
        }
        Default(type, obj, old);
    }

    /// <summary>Defaults and conversions applied to every write of the main resource.</summary>
    public void Default(ResourceType type, JsonObject obj, JsonObject? old)
    {
        if (type.IsCustom)
            return;
        switch (type.Group, type.Plural)
        {
            case ("", "secrets"):
                DefaultSecret(obj);
                break;
            case ("", "namespaces"):
                obj.Metadata().Child("labels")["kubernetes.io/metadata.name"] = obj.Name();
                obj.Child("spec")["finalizers"] ??= JsonTree.Strings("kubernetes");
                obj.Child("status")["phase"] ??= "Active";
                break;
            case ("", "services"):
                DefaultService(obj, old);
                break;
            case ("", "pods"):
                DefaultPodSpec(obj.ObjectAt("spec"));
                var status = obj.Child("status");
                status["phase"] ??= "Pending";
                status["qosClass"] ??= "BestEffort";
                break;
            case ("", "persistentvolumeclaims"):
                obj.Child("spec")["volumeMode"] ??= "Filesystem";
                obj.Child("status")["phase"] ??= "Pending";
                break;
            case ("apps", "deployments" or "statefulsets" or "replicasets"):
                obj.Child("spec")["replicas"] ??= 1;
                DefaultPodSpec(obj.ObjectAt("spec", "template", "spec"));
                break;
            case ("apps", "daemonsets") or ("batch", "jobs"):
                DefaultPodSpec(obj.ObjectAt("spec", "template", "spec"));
                break;
        }
    }

    /// <summary>The same defaults, applied to a server-side apply configuration so that associative-list keys match the stored object.</summary>
    public static void DefaultApplyConfiguration(ResourceType type, JsonObject config)
    {
        if (type.IsCustom)
            return;
        if (type is { Group: "", Plural: "secrets" })
            FoldStringData(config);
        if (type is { Group: "", Plural: "pods" })
            DefaultPodSpec(config.ObjectAt("spec"));
        if (type.Group is "apps" or "batch")
            DefaultPodSpec(config.ObjectAt("spec", "template", "spec"));
        if (type is { Group: "", Plural: "services" })
            DefaultServicePorts(config);
    }

    private static void DefaultSecret(JsonObject secret)
    {
        FoldStringData(secret);
        secret["type"] ??= "Opaque";
        foreach (var value in secret.ObjectAt("data")?.Select(kv => kv.Value) ?? [])
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            if (!IsBase64(text))
                throw StatusError.BadRequest($"Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte {BadByte(text)}");
        }
    }

    /// <summary>stringData is write-only: each entry overwrites data[key] base64-encoded, and stringData is not stored.</summary>
    public static void FoldStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
            return;
        var data = secret.Child("data");
        foreach (var (key, value) in stringData)
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        secret.Remove("stringData");
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static int BadByte(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '/' or '='))
                return i;
        }
        return text.Length;
    }

    private void DefaultService(JsonObject service, JsonObject? old)
    {
        var spec = service.Child("spec");
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (spec.Str("clusterIP") is null)
        {
            var ip = old.Str("spec", "clusterIP") ?? NextServiceIp();
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = JsonTree.Strings(ip);
        }
        spec["ipFamilies"] ??= JsonTree.Strings("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        spec["internalTrafficPolicy"] ??= "Cluster";
        DefaultServicePorts(service);
        service.Child("status")["loadBalancer"] ??= new JsonObject();
    }

    private static void DefaultServicePorts(JsonObject service)
    {
        foreach (var port in service.ArrayAt("spec", "ports")?.OfType<JsonObject>() ?? [])
        {
            port["protocol"] ??= "TCP";
            if (port["targetPort"] is null && port["port"] is { } number)
                port["targetPort"] = number.DeepClone();
        }
    }

    private static void DefaultPodSpec(JsonObject? spec)
    {
        if (spec is null)
            return;
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in spec.ArrayAt(list)?.OfType<JsonObject>() ?? [])
            {
                foreach (var port in container.ArrayAt("ports")?.OfType<JsonObject>() ?? [])
                    port["protocol"] ??= "TCP";
            }
        }
    }

    private string NextServiceIp()
    {
        lock (_gate)
        {
            var n = _nextServiceIp++;
            return $"10.96.{n / 250}.{n % 250 + 1}";
        }
    }
}
