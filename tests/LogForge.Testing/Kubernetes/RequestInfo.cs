// How the API server reads a request path and method into (verb, group, version, namespace, resource, name,
// subresource). Followed: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go
// (RequestInfoFactory.NewRequestInfo, including "namespaces/{ns}/status|finalize" and the watch parameter rule:
// any value but "false"/"0" makes a collection GET a watch).
namespace LogForge.Testing.Kubernetes;

internal sealed record RequestInfo(
    bool IsResourceRequest,
    string Verb,
    string Group,
    string Version,
    string Namespace,
    string Resource,
    string Name,
    string Subresource)
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, Func<string, string?> query)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestInfo(false, method.ToLowerInvariant(), "", "", "", "", "", "");
        if (parts.Length == 0)
            return nonResource;

        string group;
        string version;
        string[] rest;
        switch (parts[0])
        {
            case "api" when parts.Length >= 3:
                group = "";
                version = parts[1];
                rest = parts[2..];
                break;
            case "apis" when parts.Length >= 4:
                group = parts[1];
                version = parts[2];
                rest = parts[3..];
                break;
            default:
                return nonResource;
        }

        var watchPrefix = false;
        if (rest[0] == "watch")
        {
            watchPrefix = true;
            rest = rest[1..];
            if (rest.Length == 0)
                return nonResource;
        }

        var ns = "";
        if (rest[0] == "namespaces")
        {
            if (rest.Length > 1)
            {
                ns = rest[1];
                if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
                    rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length >= 2 ? rest[1] : "";
        var subresource = rest.Length >= 3 ? rest[2] : "";
        if (rest.Length > 3)
            return nonResource with { Group = group, Version = version };

        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => name.Length == 0 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        if (verb == "list" && (watchPrefix || IsWatch(query("watch"))))
            verb = "watch";
        if (verb == "get" && watchPrefix)
            verb = "watch";
        return new RequestInfo(true, verb, group, version, ns, resource, name, subresource);
    }

    private static bool IsWatch(string? value) =>
        value is not null && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
