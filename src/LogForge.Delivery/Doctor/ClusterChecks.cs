using k8s;
using k8s.Models;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Cluster.PortForward;
using LogForge.Delivery.Cluster.Readiness;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Storage;

namespace LogForge.Delivery.Doctor;

/// <summary>
/// The cluster rows: the kubeconfig and its context, the API server (reachable, credentials accepted), the RBAC of each cluster target
/// (one SelfSubjectAccessReview per permission, all at once), Argo CD (its Application CRD Established, its application controller
/// Ready) and MinIO (a Ready pod behind svc/minio). Without a kubeconfig every row says which targets would need it. Bootstrap's
/// permissions come from the manifests <paramref name="labManifests"/> loads (Bootstrap's own loader: the pinned files, downloaded once
/// and cached); when it is null or fails, a fixed list of one permission per kind of thing Bootstrap does is asked, as a warning.
/// </summary>
public sealed class ClusterChecks(ClusterSettings settings, EnvironmentPolicy policy, Func<CancellationToken, Task<LabManifests>>? labManifests = null)
{
    public const string KubeconfigRow = "kubeconfig and context";
    public const string ApiServerRow = "API server";
    public const string ArgoRow = "Argo CD";
    public const string MinioRow = "MinIO";
    private const string ClusterTargets = "Bootstrap, ApplyArgo, Secrets, MinioPreflight, Smoke (a cluster env), Promote, Rollback, Status (its cluster half)";

    public static string AccessRow(string target) => $"RBAC for {target}";

    public async Task<IReadOnlyList<DoctorRow>> RunAsync(CancellationToken ct)
    {
        var path = settings.KubeconfigPath();
        if (!File.Exists(path) && string.IsNullOrEmpty(settings.Context))
            return [DoctorRow.NotNeeded(KubeconfigRow, $"no kubeconfig at {path}: not needed for Smoke --env local, ValidationGate's offline half, History, " +
                "Status's git half", ClusterTargets)];

        ClusterConnection cluster;
        try
        {
            cluster = ClusterConnection.Open(settings);
        }
        catch (ClusterException e)
        {
            return [DoctorRow.Fail(KubeconfigRow, e.What, e.Fix ?? "fix the kubeconfig", ClusterTargets)];
        }
        using (cluster)
        {
            var rows = new List<DoctorRow> { DoctorRow.Pass(KubeconfigRow, $"{cluster.Kubeconfig}: {cluster.Description}", ClusterTargets) };
            try
            {
                var version = await cluster.VerifyReachableAsync(ct);
                rows.Add(DoctorRow.Pass(ApiServerRow, $"Kubernetes {version} at {cluster.Server}", ClusterTargets));
            }
            catch (ClusterException e)
            {
                rows.Add(DoctorRow.Fail(ApiServerRow, e.What, e.Fix ?? "check the cluster is running", ClusterTargets));
                return rows;
            }
            var bootstrap = BootstrapAccessAsync(cluster, ct);
            var access = AccessNeeds.For(policy).Select(t => AccessAsync(cluster, t.Target, t.Needs, ct)).ToList();
            var argo = ArgoAsync(cluster, ct);
            var minio = MinioAsync(cluster, ct);
            rows.Add(await bootstrap);
            rows.AddRange(await Task.WhenAll(access));
            rows.Add(await argo);
            rows.Add(await minio);
            return rows;
        }
    }

    private async Task<DoctorRow> BootstrapAccessAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var why = "no manifest loader was given";
        if (labManifests is not null)
        {
            try
            {
                return await DerivedBootstrapAccessAsync(cluster, labManifests, ct);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or InvalidDataException)
            {
                why = e.Message;
            }
        }
        var fallback = await AccessAsync(cluster, BootstrapTarget, AccessNeeds.BootstrapWithoutManifests, ct, "one per kind of thing Bootstrap does");
        return fallback.Verdict != DoctorVerdict.Pass ? fallback : DoctorRow.Warn(fallback.Check,
            $"{fallback.Detail}; its manifests could not be read, so not every kind was asked: {why}",
            "run Doctor again where the pinned files can be downloaded (or are in .tools/lab/) and helm works", BootstrapTarget);
    }

    /// <summary>Bootstrap's row from the manifests it applies; a kind neither served nor defined by their CRDs is a warning.</summary>
    private static async Task<DoctorRow> DerivedBootstrapAccessAsync(ClusterConnection cluster, Func<CancellationToken, Task<LabManifests>> labManifests,
        CancellationToken ct)
    {
        var manifests = await labManifests(ct);
        var derived = await BootstrapAccess.ForAsync(manifests, new ResourceCatalog(cluster), ct);
        var row = await AccessAsync(cluster, BootstrapTarget, derived.Needs, ct, $"for the {derived.Objects} objects of the pinned manifests and the waits");
        if (row.Verdict != DoctorVerdict.Pass || derived.UnknownKinds.Count == 0) return row;
        return DoctorRow.Warn(row.Check, $"{row.Detail}; not checked, neither served nor defined by the manifests' CRDs: " +
            string.Join(", ", derived.UnknownKinds), "install the CRDs of these kinds, or remove them from deploy/lab/manifests", BootstrapTarget);
    }

    private const string BootstrapTarget = "Bootstrap";

    private static async Task<DoctorRow> AccessAsync(ClusterConnection cluster, string target, IReadOnlyList<AccessNeed> needs, CancellationToken ct,
        string? what = null)
    {
        var answers = await Task.WhenAll(needs.Select(async need => (Need: need, Allowed: await AllowedAsync(cluster, need, ct))));
        var denied = answers.Where(a => !a.Allowed).Select(a => a.Need.ToString()).ToList();
        return denied.Count == 0
            ? DoctorRow.Pass(AccessRow(target), $"{needs.Count} permissions allowed (SelfSubjectAccessReview{(what is null ? "" : ", " + what)})", target)
            : DoctorRow.Fail(AccessRow(target), $"denied: {string.Join("; ", denied)}",
                $"grant them to the kubeconfig's user (a Role/ClusterRole and binding), or use a context that has them", target);
    }

    private static async Task<bool> AllowedAsync(ClusterConnection cluster, AccessNeed need, CancellationToken ct)
    {
        var review = new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec
            {
                ResourceAttributes = new V1ResourceAttributes
                {
                    Verb = need.Verb, Group = need.Group, Resource = need.Resource, Subresource = need.Subresource,
                    NamespaceProperty = need.Namespace.Length > 0 ? need.Namespace : null,
                },
            },
        };
        var answer = await ClusterCall.RunAsync(cluster, $"ask whether it may {need}",
            () => cluster.Api.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: ct), ct);
        return answer.Status?.Allowed == true;
    }

    private async Task<DoctorRow> ArgoAsync(ClusterConnection cluster, CancellationToken ct)
    {
        const string neededBy = "ApplyArgo, Promote, Rollback, Status, ValidationGate's cluster half";
        var ns = policy.Argocd.Namespace;
        try
        {
            var crd = await new CrdEstablishedProbe(cluster, ["applications.argoproj.io"]).ProbeAsync(ct);
            if (!crd.Ready)
                return DoctorRow.Fail(ArgoRow, $"CRD applications.argoproj.io: {crd.NotReady[0].Why}", "./build.sh Bootstrap installs Argo CD", neededBy);
            var controller = await ControllerAsync(cluster, ns, ct);
            return controller is null
                ? DoctorRow.Pass(ArgoRow, $"CRD applications.argoproj.io Established; StatefulSet {ns}/argocd-application-controller Ready", neededBy)
                : DoctorRow.Fail(ArgoRow, controller, $"./build.sh Bootstrap installs Argo CD; kubectl -n {ns} describe statefulset argocd-application-controller", neededBy);
        }
        catch (ClusterException e) when (IsNotFound(e))
        {
            return DoctorRow.Fail(ArgoRow, "no CRD applications.argoproj.io: Argo CD is not installed", "./build.sh Bootstrap installs it", neededBy);
        }
        catch (ClusterException e)
        {
            return DoctorRow.Fail(ArgoRow, e.What, e.Fix ?? "check the cluster", neededBy);
        }
    }

    /// <summary>Why Argo CD's application controller is not Ready, or null when it is.</summary>
    private static async Task<string?> ControllerAsync(ClusterConnection cluster, string ns, CancellationToken ct)
    {
        V1StatefulSet controller;
        try
        {
            controller = await ClusterCall.RunAsync(cluster, $"read StatefulSet {ns}/argocd-application-controller",
                () => cluster.Api.AppsV1.ReadNamespacedStatefulSetAsync("argocd-application-controller", ns, cancellationToken: ct), ct);
        }
        catch (ClusterException e) when (IsNotFound(e))
        {
            return $"no StatefulSet {ns}/argocd-application-controller: nothing reconciles the Applications";
        }
        var want = controller.Spec?.Replicas ?? 1;
        var ready = controller.Status?.ReadyReplicas ?? 0;
        return ready >= want && want > 0 ? null : $"StatefulSet {ns}/argocd-application-controller: {ready}/{want} replicas Ready";
    }

    private static async Task<DoctorRow> MinioAsync(ClusterConnection cluster, CancellationToken ct)
    {
        const string neededBy = "MinioPreflight; staging and production store their archives there";
        try
        {
            var (target, noReadyPod) = await ServiceTarget.TryResolveAsync(cluster, MinioPreflight.Namespace, MinioPreflight.Service, MinioPreflight.ApiPort, ct);
            return target is null
                ? DoctorRow.Fail(MinioRow, noReadyPod ?? "no Ready pod", $"kubectl -n {MinioPreflight.Namespace} get pods -l {MinioPreflight.PodSelector}", neededBy)
                : DoctorRow.Pass(MinioRow, $"svc/{MinioPreflight.Service}:{MinioPreflight.ApiPort} in {MinioPreflight.Namespace} → pod {target.Pod} Ready", neededBy);
        }
        catch (ClusterException e)
        {
            return DoctorRow.Fail(MinioRow, e.What, e.Fix ?? "./build.sh Bootstrap installs MinIO", neededBy);
        }
    }

    private static bool IsNotFound(ClusterException e) =>
        e.InnerException is not null && ClusterCall.StatusOf(e.InnerException) == System.Net.HttpStatusCode.NotFound;
}
