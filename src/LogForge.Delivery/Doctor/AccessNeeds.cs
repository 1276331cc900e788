using LogForge.Delivery.Environments;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Storage;

namespace LogForge.Delivery.Doctor;

/// <summary>One permission a target uses: a verb on a resource (with its API group and subresource) in a namespace ("" for a
/// cluster-scoped resource) — the attributes of a SelfSubjectAccessReview.</summary>
public sealed record AccessNeed(string Verb, string Group, string Resource, string Subresource, string Namespace)
{
    public override string ToString() =>
        $"{Verb} {(Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource)}{(Group.Length > 0 ? "." + Group : "")}" +
        (Namespace.Length > 0 ? $" in {Namespace}" : "");
}

/// <summary>
/// The permissions each cluster target but Bootstrap uses, read off what it calls (server-side apply is a GET then a PATCH; a port-forward
/// a create of pods/portforward; Smoke reads the runtime secret; Promote patches the Application to sync it and watches it). Namespaces come from the
/// policy. Bootstrap's are derived from its manifests (<see cref="BootstrapAccess"/>); <see cref="BootstrapWithoutManifests"/> is what
/// is asked when those cannot be read.
/// </summary>
public static class AccessNeeds
{
    /// <summary>One permission of each kind of thing Bootstrap does, for when its pinned manifests cannot be read (offline, no cache).</summary>
    public static IReadOnlyList<AccessNeed> BootstrapWithoutManifests { get; } =
    [
        new("patch", "", "namespaces", "", ""), new("patch", "apiextensions.k8s.io", "customresourcedefinitions", "", ""),
        new("patch", "rbac.authorization.k8s.io", "clusterroles", "", ""), new("patch", "apps", "deployments", "", LabPlatform.ArgoCdNamespace),
        new("patch", "apps", "statefulsets", "", LabPlatform.ArgoCdNamespace), new("patch", "kafka.strimzi.io", "kafkas", "", LabPlatform.KafkaNamespace),
        new("patch", "kafka.strimzi.io", "kafkatopics", "", LabPlatform.KafkaNamespace), new("create", "", "secrets", "", MinioRootSecret.Namespace),
        new("list", "", "nodes", "", ""), new("list", "", "persistentvolumeclaims", "", ""),
    ];

    public static IReadOnlyList<(string Target, IReadOnlyList<AccessNeed> Needs)> For(EnvironmentPolicy policy)
    {
        var argo = policy.Argocd.Namespace;
        var envs = policy.EnvironmentNames.Select(e => policy.Environments[e].Namespace).ToList();
        var storage = MinioPreflight.Namespace;
        var production = policy.Parity.Compare.LastOrDefault() is { } p && policy.Environments.TryGetValue(p, out var rule) ? rule.Namespace : envs[^1];
        var staging = policy.Parity.Compare.FirstOrDefault() is { } s && policy.Environments.TryGetValue(s, out var srule) ? srule.Namespace : envs[0];

        static AccessNeed Core(string verb, string resource, string ns, string sub = "") => new(verb, "", resource, sub, ns);
        static AccessNeed Of(string verb, string group, string resource, string ns) => new(verb, group, resource, "", ns);
        // A WebSocket port-forward is a GET of pods/portforward, and since Kubernetes 1.30 (AuthorizePodWebsocketUpgradeCreatePermission) also a create.
        IEnumerable<AccessNeed> Reach(string ns) =>
            [Core("get", "services", ns), Core("list", "pods", ns), Core("get", "pods", ns, "portforward"), Core("create", "pods", ns, "portforward")];

        return
        [
            ("ApplyArgo", [Of("get", "argoproj.io", "applications", argo), Of("patch", "argoproj.io", "applications", argo)]),
            // Secrets reads each environment's namespace (a request for a Namespace has the namespace's own name as its namespace), creates
            // the missing ones, and reads MinIO's root Secret for the runtime Secrets' MinIO keys.
            ("Secrets", [Core("create", "namespaces", ""), Core("get", "secrets", storage), .. envs.SelectMany(ns => new[] { Core("get", "namespaces", ns),
                Core("get", "secrets", ns), Core("create", "secrets", ns), Core("patch", "secrets", ns) })]),
            ("MinioPreflight", [Core("get", "secrets", storage), .. Reach(storage)]),
            ("Smoke", [.. envs.SelectMany(ns => new[] { Core("get", "secrets", ns) }.Concat(Reach(ns)))]),
            // Promote and Rollback wait for the manual sync by watching the Application.
            ("Promote", [Of("get", "argoproj.io", "applications", argo), Of("patch", "argoproj.io", "applications", argo), Of("watch", "argoproj.io", "applications", argo),
                .. Reach(staging), .. Reach(production), Core("get", "secrets", staging), Core("get", "secrets", production)]),
        ];
    }
}
