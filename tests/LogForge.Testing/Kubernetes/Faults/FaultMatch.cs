namespace LogForge.Testing.Kubernetes.Faults;

/// <summary>
/// Which requests a fault answers: an API verb (get, list, watch, create, update, patch, delete; "connect" for a
/// port-forward upgrade; "*" any), a resource as the URL names it ("secrets", "applications", "pods/portforward"; "*"
/// any), and optionally a namespace and an object name.
/// </summary>
public sealed record FaultMatch(string Verb, string Resource, string? Namespace = null, string? Name = null)
{
    public static FaultMatch Any { get; } = new("*", "*");

    internal bool Matches(RequestInfo info)
    {
        if (!info.IsResourceRequest) return false;
        var verb = info.Subresource == "portforward" ? "connect" : info.Verb;
        var resource = info.Subresource.Length > 0 ? $"{info.Resource}/{info.Subresource}" : info.Resource;
        return (Verb == "*" || Verb == verb)
            && (Resource == "*" || Resource == resource)
            && (Namespace is null || Namespace == info.Namespace)
            && (Name is null || Name == info.Name);
    }

    public override string ToString() =>
        $"{Verb} {Resource}{(Namespace is null ? "" : $" in {Namespace}")}{(Name is null ? "" : $" named {Name}")}";
}
