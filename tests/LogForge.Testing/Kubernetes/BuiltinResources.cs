// The built-in resources and their discovery entries (name, singularName, namespaced, kind, verbs, shortNames,
// categories, subresources) as a v1.33 API server lists them under /api/v1 and /apis/{group}/{version}.
// Followed: kubernetes/kubernetes pkg/registry/*/rest storage (ShortNames(), Categories()), and the
// metav1.APIResource type in staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go.
namespace LogForge.Testing.Kubernetes;

internal static class BuiltinResources
{
    private static readonly string[] Standard = ResourceType.StandardVerbs.Split(',');
    private static readonly string[] NoCollectionDelete = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];
    private static readonly string[] All = ["all"];

    private static Subresource Status(string kind) => new("status", kind, StatusVerbs);

    private static Subresource Scale() => new("scale", "Scale", StatusVerbs, "autoscaling", "v1");

    private static ResourceType R(string group, string plural, string singular, string kind, bool namespaced,
        string[]? shortNames = null, string[]? categories = null, Subresource[]? subresources = null,
        bool generation = false, string[]? verbs = null, string version = "v1") =>
        new(group, version, plural, singular, kind, namespaced, verbs ?? Standard, shortNames ?? [], categories ?? [],
            subresources ?? [], generation);

    public static IReadOnlyList<ResourceType> Types { get; } =
    [
        R("", "namespaces", "namespace", "Namespace", false, ["ns"], verbs: NoCollectionDelete,
            subresources: [new("finalize", "Namespace", ["update"]), Status("Namespace")]),
        R("", "nodes", "node", "Node", false, ["no"], subresources: [new("proxy", "NodeProxyOptions", ["create", "delete", "get", "patch", "update"]), Status("Node")]),
        R("", "pods", "pod", "Pod", true, ["po"], All, generation: true, subresources:
        [
            new("exec", "PodExecOptions", ["create", "get"]),
            new("log", "Pod", ["get"]),
            new("portforward", "PodPortForwardOptions", ["create", "get"]),
            Status("Pod"),
        ]),
        R("", "services", "service", "Service", true, ["svc"], All,
            [new("proxy", "ServiceProxyOptions", ["create", "delete", "get", "patch", "update"]), Status("Service")]),
        R("", "endpoints", "endpoints", "Endpoints", true, ["ep"]),
        R("", "secrets", "secret", "Secret", true),
        R("", "configmaps", "configmap", "ConfigMap", true, ["cm"]),
        R("", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], subresources: [new("token", "TokenRequest", ["create"], "authentication.k8s.io", "v1")]),
        R("", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, ["pvc"], subresources: [Status("PersistentVolumeClaim")]),
        R("", "persistentvolumes", "persistentvolume", "PersistentVolume", false, ["pv"], subresources: [Status("PersistentVolume")]),
        R("", "events", "event", "Event", true, ["ev"]),
        R("apps", "deployments", "deployment", "Deployment", true, ["deploy"], All, [Scale(), Status("Deployment")], true),
        R("apps", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], All, [Scale(), Status("StatefulSet")], true),
        R("apps", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], All, [Scale(), Status("ReplicaSet")], true),
        R("apps", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], All, [Status("DaemonSet")], true),
        R("batch", "jobs", "job", "Job", true, categories: All, subresources: [Status("Job")], generation: true),
        R("batch", "cronjobs", "cronjob", "CronJob", true, ["cj"], All, [Status("CronJob")], true),
        R("rbac.authorization.k8s.io", "roles", "role", "Role", true),
        R("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding", true),
        R("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", false),
        R("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false),
        R("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
            ["crd", "crds"], ["api-extensions"], [Status("CustomResourceDefinition")], true),
        R("networking.k8s.io", "networkpolicies", "networkpolicy", "NetworkPolicy", true, ["netpol"], generation: true),
        R("networking.k8s.io", "ingresses", "ingress", "Ingress", true, ["ing"], subresources: [Status("Ingress")], generation: true),
        R("networking.k8s.io", "ingressclasses", "ingressclass", "IngressClass", false),
        R("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, ["pdb"],
            subresources: [Status("PodDisruptionBudget")], generation: true),
        R("admissionregistration.k8s.io", "validatingwebhookconfigurations", "validatingwebhookconfiguration",
            "ValidatingWebhookConfiguration", false, categories: ["api-extensions"], generation: true),
        R("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration",
            "MutatingWebhookConfiguration", false, categories: ["api-extensions"], generation: true),
        R("storage.k8s.io", "storageclasses", "storageclass", "StorageClass", false, ["sc"]),
        R("coordination.k8s.io", "leases", "lease", "Lease", true),
    ];
}
