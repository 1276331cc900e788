using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Lab;

namespace LogForge.Delivery.Doctor;

/// <summary>
/// The permissions Bootstrap uses, derived from what it applies at the pinned versions: for every kind in every namespace of
/// <see cref="LabManifests"/>, get (server-side apply first reads the object's managed fields) and patch (the apply itself; an apply
/// that creates needs nothing more). Then what it does beside the manifests: MinIO's root Secret (read, created once) and the readiness
/// waits (Bootstrapper.Probes: nodes; Deployments, StatefulSets and pods of each lab namespace; PVCs of all namespaces; the CRDs; Kafka
/// and each KafkaTopic; the events a wait that times out reports). A kind maps to its resource through the CRDs Bootstrap is about to
/// install, else through the API server's discovery; a kind neither knows is returned as unknown.
/// </summary>
public static class BootstrapAccess
{
    public sealed record Derived(IReadOnlyList<AccessNeed> Needs, int Objects, IReadOnlyList<string> UnknownKinds);

    public static async Task<Derived> ForAsync(LabManifests manifests, ResourceCatalog catalog, CancellationToken ct)
    {
        var defined = manifests.Definitions.SelectMany(g => g.Objects).Select(Defined).ToList();
        var objects = manifests.Groups.SelectMany(g => g.Objects.Select(o => (Object: o, g.DefaultNamespace))).ToList();
        var kinds = await Task.WhenAll(objects.Select(o => (o.Object.Group, o.Object.Version, o.Object.Kind)).Distinct()
            .Select(async k => (Kind: k, Resource: Find(defined, k.Group, k.Kind) ?? await catalog.FindAsync(k.Group, k.Version, k.Kind, ct))));
        var resources = kinds.ToDictionary(k => k.Kind, k => k.Resource);

        var needs = new List<AccessNeed>();
        foreach (var (manifest, defaultNamespace) in objects)
        {
            if (resources[(manifest.Group, manifest.Version, manifest.Kind)] is not { } resource) continue;
            // The API server's request info gives a Namespace object's own name as the namespace of a request for it (a RoleBinding in
            // that namespace can grant it): k8s.io/apiserver pkg/endpoints/request/requestinfo.go.
            var ns = resource.Namespaced ? manifest.Namespace ?? defaultNamespace ?? "" : resource is { Group: "", Plural: "namespaces" } ? manifest.Name : "";
            needs.Add(new AccessNeed("get", resource.Group, resource.Plural, "", ns));
            needs.Add(new AccessNeed("patch", resource.Group, resource.Plural, "", ns));
        }
        needs.AddRange(BesideTheManifests(manifests));
        var unknown = kinds.Where(k => k.Resource is null).Select(k => $"{k.Kind.Kind} ({Api(k.Kind.Group, k.Kind.Version)})").ToList();
        return new Derived(needs.Distinct().ToList(), objects.Count, unknown);
    }

    private static IEnumerable<AccessNeed> BesideTheManifests(LabManifests manifests)
    {
        static AccessNeed Core(string verb, string resource, string ns) => new(verb, "", resource, "", ns);
        yield return Core("get", "secrets", MinioRootSecret.Namespace);
        yield return Core("create", "secrets", MinioRootSecret.Namespace);
        yield return Core("list", "nodes", "");
        yield return new AccessNeed("get", "apiextensions.k8s.io", "customresourcedefinitions", "", "");
        foreach (var ns in LabPlatform.Namespaces)
        {
            yield return new AccessNeed("list", "apps", "deployments", "", ns);
            yield return new AccessNeed("list", "apps", "statefulsets", "", ns);
            yield return Core("list", "pods", ns);
            yield return Core("list", "events", ns);
        }
        yield return Core("list", "persistentvolumeclaims", "");
        yield return Core("list", "events", "");
        yield return new AccessNeed("get", "kafka.strimzi.io", "kafkas", "", LabPlatform.KafkaNamespace);
        foreach (var topic in manifests.KafkaTopics)
            yield return new AccessNeed("get", "kafka.strimzi.io", "kafkatopics", "", topic.Namespace ?? LabPlatform.KafkaNamespace);
    }

    private static (string Group, string Kind, ApiResource Resource) Defined(ManifestObject crd)
    {
        var spec = crd.Body["spec"];
        var group = spec?["group"]?.GetValue<string>() ?? "";
        var names = spec?["names"];
        var kind = names?["kind"]?.GetValue<string>() ?? "";
        var version = spec?["versions"]?.AsArray().FirstOrDefault()?["name"]?.GetValue<string>() ?? "";
        return (group, kind, new ApiResource(group, version, kind, names?["plural"]?.GetValue<string>() ?? "",
            spec?["scope"]?.GetValue<string>() == "Namespaced"));
    }

    private static ApiResource? Find(IEnumerable<(string Group, string Kind, ApiResource Resource)> defined, string group, string kind) =>
        defined.FirstOrDefault(d => d.Group == group && d.Kind == kind).Resource;

    private static string Api(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";
}
