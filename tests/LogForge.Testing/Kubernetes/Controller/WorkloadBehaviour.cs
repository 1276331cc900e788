// The workload controllers of kube-controller-manager, reduced to what waits observe. Followed: kubernetes/kubernetes
// pkg/controller/deployment/{sync.go,rolling.go,progress.go} (one ReplicaSet per pod-template-hash named
// "<deployment>-<hash>", old ReplicaSets scaled down as new pods become available, status replicas/updatedReplicas/
// readyReplicas/availableReplicas/unavailableReplicas, conditions Available (MinimumReplicasAvailable, default
// maxUnavailable 25% rounded down) and Progressing (NewReplicaSetAvailable / ReplicaSetUpdated)),
// pkg/controller/replicaset/replica_set.go (pods "<rs>-<5 chars>", status counts), pkg/controller/statefulset/
// {stateful_set_control.go,stateful_set_utils.go} (pods "<sts>-<ordinal>", OrderedReady creates the next ordinal only
// when the previous ones are Ready, Parallel all at once, PVCs "<claim>-<sts>-<ordinal>" from volumeClaimTemplates,
// labels controller-revision-hash / statefulset.kubernetes.io/pod-name / apps.kubernetes.io/pod-index) and
// pkg/controller/daemon/daemon_controller.go (one pod per schedulable node, desiredNumberScheduled/numberReady...).
using System.Globalization;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class WorkloadBehaviour(FakeController controller) : IBehaviour
{
    private const string Manager = "kube-controller-manager";

    public bool Enabled => controller.RunWorkloads;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        var obj = evt.Object;
        var ns = obj.Namespace();
        switch (evt.Resource.Group, evt.Resource.Plural)
        {
            case ("apps", "deployments"):
                if (evt.Type != "DELETED")
                    Coalesce(context, "deploy", ns, obj.Name(), () => ReconcileDeployment(context, ns, obj.Name()));
                break;
            case ("apps", "replicasets"):
                if (evt.Type != "DELETED")
                    Coalesce(context, "rs", ns, obj.Name(), () => ReconcileReplicaSet(context, ns, obj.Name()));
                if (Pods.ControllerOf(obj) is { } deployment && deployment.Str("kind") == "Deployment")
                    Coalesce(context, "deploy", ns, deployment.Str("name")!, () => ReconcileDeployment(context, ns, deployment.Str("name")!));
                break;
            case ("apps", "statefulsets"):
                if (evt.Type != "DELETED")
                    Coalesce(context, "sts", ns, obj.Name(), () => ReconcileStatefulSet(context, ns, obj.Name()));
                break;
            case ("apps", "daemonsets"):
                if (evt.Type != "DELETED")
                    Coalesce(context, "ds", ns, obj.Name(), () => ReconcileDaemonSet(context, ns, obj.Name()));
                break;
            case ("", "pods"):
                if (Pods.ControllerOf(obj) is not { } owner || owner.Str("name") is not { } ownerName)
                    break;
                switch (owner.Str("kind"))
                {
                    case "ReplicaSet":
                        Coalesce(context, "rs", ns, ownerName, () => ReconcileReplicaSet(context, ns, ownerName));
                        break;
                    case "StatefulSet":
                        Coalesce(context, "sts", ns, ownerName, () => ReconcileStatefulSet(context, ns, ownerName));
                        break;
                    case "DaemonSet":
                        Coalesce(context, "ds", ns, ownerName, () => ReconcileDaemonSet(context, ns, ownerName));
                        break;
                }
                break;
        }
    }

    private static void Coalesce(ControllerContext context, string what, string ns, string name, Action work) =>
        context.Once($"{what}:{ns}/{name}", TimeSpan.Zero, work);

    private static void ReconcileDeployment(ControllerContext context, string ns, string name)
    {
        var deploymentType = context.Type("apps", "deployments");
        var rsType = context.Type("apps", "replicasets");
        var deployment = context.Get(deploymentType, ns, name);
        if (deployment is null || Pods.IsDeleting(deployment))
            return;
        var replicas = deployment.Long("spec", "replicas") ?? 1;
        var template = deployment.ObjectAt("spec", "template") ?? new JsonObject();
        var hash = Pods.TemplateHash(template);
        var owned = context.List(rsType, ns).Where(rs => Pods.OwnedBy(rs, deployment)).ToList();
        var current = owned.FirstOrDefault(rs => rs.Str("metadata", "labels", "pod-template-hash") == hash);
        if (current is null)
        {
            var revision = owned.Select(rs => long.TryParse(rs.Str("metadata", "annotations", "deployment.kubernetes.io/revision"), out var r) ? r : 0)
                .DefaultIfEmpty(0).Max() + 1;
            current = context.Create(rsType, NewReplicaSet(deployment, template, hash, replicas, revision), Manager);
            if (current is null)
                return;
        }
        else if ((current.Long("spec", "replicas") ?? 1) != replicas)
        {
            context.Update(rsType, ns, current.Name(), rs =>
            {
                rs.Child("spec")["replicas"] = replicas;
                return true;
            }, Manager, "");
        }

        // Rolling update: old ReplicaSets keep only what the new one does not yet cover with ready pods.
        var newReady = current.Long("status", "readyReplicas") ?? 0;
        foreach (var old in owned.Where(rs => rs.Uid() != current.Uid()))
        {
            var keep = Math.Max(0, replicas - newReady);
            var now = old.Long("spec", "replicas") ?? 1;
            if (now > keep)
            {
                context.Update(rsType, ns, old.Name(), rs =>
                {
                    rs.Child("spec")["replicas"] = keep;
                    return true;
                }, Manager, "");
            }
        }
        UpdateDeploymentStatus(context, deploymentType, rsType, deployment, current.Name(), replicas);
    }

    private static JsonObject NewReplicaSet(JsonObject deployment, JsonObject template, string hash, long replicas, long revision)
    {
        var labels = template.ObjectAt("metadata", "labels")?.Clone() ?? new JsonObject();
        labels["pod-template-hash"] = hash;
        var podTemplate = template.Clone();
        podTemplate.Child("metadata")["labels"] = labels.Clone();
        var selector = deployment.ObjectAt("spec", "selector")?.Clone() ?? new JsonObject();
        selector.Child("matchLabels")["pod-template-hash"] = hash;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] = (replicas + Math.Max(1, (replicas + 3) / 4)).ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = new JsonArray(Pods.OwnerReference(deployment)),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = podTemplate },
        };
    }

    private static void UpdateDeploymentStatus(ControllerContext context, ResourceType deploymentType, ResourceType rsType,
        JsonObject deployment, string currentRs, long desired)
    {
        var ns = deployment.Namespace();
        var podType = context.Type("", "pods");
        var owned = context.List(rsType, ns).Where(rs => Pods.OwnedBy(rs, deployment)).ToList();
        var ownedUids = owned.Select(rs => rs.Uid()).ToHashSet();
        var currentUid = owned.FirstOrDefault(rs => rs.Name() == currentRs)?.Uid();
        var pods = context.List(podType, ns)
            .Where(p => !Pods.IsDeleting(p) && Pods.ControllerOf(p)?.Str("uid") is { } uid && ownedUids.Contains(uid)).ToList();
        var updated = pods.Count(p => Pods.ControllerOf(p)?.Str("uid") == currentUid);
        var ready = pods.Count(Pods.IsReady);
        var updatedReady = pods.Count(p => Pods.IsReady(p) && Pods.ControllerOf(p)?.Str("uid") == currentUid);
        var maxUnavailable = desired / 4;
        var available = ready >= desired - maxUnavailable;
        var complete = updated == desired && updatedReady == desired && pods.Count == desired;

        context.Update(deploymentType, ns, deployment.Name(), d =>
        {
            var status = d.Child("status");
            status["observedGeneration"] = d.Long("metadata", "generation") ?? 1;
            StatusConditions.Count(status, "replicas", pods.Count);
            StatusConditions.Count(status, "updatedReplicas", updated);
            StatusConditions.Count(status, "readyReplicas", ready);
            StatusConditions.Count(status, "availableReplicas", ready);
            StatusConditions.Count(status, "unavailableReplicas", Math.Max(0, desired - ready));
            StatusConditions.Set(status, "Available", available ? "True" : "False",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", withUpdateTime: true);
            StatusConditions.Set(status, "Progressing", "True",
                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                complete ? $"ReplicaSet \"{currentRs}\" has successfully progressed." : $"ReplicaSet \"{currentRs}\" is progressing.",
                withUpdateTime: true);
            return true;
        }, Manager);
    }

    private static void ReconcileReplicaSet(ControllerContext context, string ns, string name)
    {
        var rsType = context.Type("apps", "replicasets");
        var podType = context.Type("", "pods");
        var rs = context.Get(rsType, ns, name);
        if (rs is null || Pods.IsDeleting(rs))
            return;
        var desired = rs.Long("spec", "replicas") ?? 1;
        var pods = OwnedPods(context, podType, rs);
        var node = Pods.PickNode(context)?.Name();
        for (var i = pods.Count; i < desired; i++)
            context.Create(podType, Pods.FromTemplate(rs.ObjectAt("spec", "template"), ns, $"{name}-{Pods.RandomSuffix()}", rs, node), Manager);
        foreach (var extra in pods.OrderBy(Pods.IsReady).ThenByDescending(p => p.Str("metadata", "creationTimestamp"), StringComparer.Ordinal)
                     .Take(Math.Max(0, pods.Count - (int)desired)).ToList())
            context.Delete(podType, ns, extra.Name());

        pods = OwnedPods(context, podType, rs);
        var ready = pods.Count(Pods.IsReady);
        context.Update(rsType, ns, name, r =>
        {
            var status = r.Child("status");
            status["replicas"] = pods.Count;
            StatusConditions.Count(status, "fullyLabeledReplicas", pods.Count);
            StatusConditions.Count(status, "readyReplicas", ready);
            StatusConditions.Count(status, "availableReplicas", ready);
            status["observedGeneration"] = r.Long("metadata", "generation") ?? 1;
            return true;
        }, Manager);
        if (Pods.ControllerOf(rs) is { } owner && owner.Str("kind") == "Deployment" && owner.Str("name") is { } deployment)
            context.Once($"deploy:{ns}/{deployment}", TimeSpan.Zero, () => ReconcileDeployment(context, ns, deployment));
    }

    private static List<JsonObject> OwnedPods(ControllerContext context, ResourceType podType, JsonObject owner) =>
        context.List(podType, owner.Namespace()).Where(p => Pods.OwnedBy(p, owner) && !Pods.IsDeleting(p)).ToList();

    private static void ReconcileStatefulSet(ControllerContext context, string ns, string name)
    {
        var stsType = context.Type("apps", "statefulsets");
        var podType = context.Type("", "pods");
        var sts = context.Get(stsType, ns, name);
        if (sts is null || Pods.IsDeleting(sts))
            return;
        var replicas = sts.Long("spec", "replicas") ?? 1;
        var template = sts.ObjectAt("spec", "template");
        var revision = $"{name}-{Pods.TemplateHash(template)}";
        var parallel = sts.Str("spec", "podManagementPolicy") == "Parallel";
        var pods = OwnedPods(context, podType, sts).ToDictionary(p => p.Name());
        var node = Pods.PickNode(context)?.Name();

        var outdated = pods.Values.Where(p => p.Str("metadata", "labels", "controller-revision-hash") != revision)
            .OrderByDescending(p => Ordinal(p.Name(), name)).FirstOrDefault();
        if (outdated is not null && pods.Values.All(Pods.IsReady))
        {
            context.Delete(podType, ns, outdated.Name());
            pods.Remove(outdated.Name());
        }
        for (var i = 0; i < replicas; i++)
        {
            var podName = $"{name}-{i}";
            if (pods.TryGetValue(podName, out var existing))
            {
                if (!parallel && !Pods.IsReady(existing))
                    break;
                continue;
            }
            var pod = Pods.FromTemplate(template, ns, podName, sts, node, new Dictionary<string, string>
            {
                ["controller-revision-hash"] = revision,
                ["statefulset.kubernetes.io/pod-name"] = podName,
                ["apps.kubernetes.io/pod-index"] = i.ToString(CultureInfo.InvariantCulture),
            });
            var spec = pod.Child("spec");
            spec["hostname"] = podName;
            if (sts.Str("spec", "serviceName") is { Length: > 0 } service)
                spec["subdomain"] = service;
            AttachClaims(context, sts, pod, i);
            context.Create(podType, pod, Manager);
            if (!parallel)
                break;
        }
        foreach (var extra in pods.Values.Where(p => Ordinal(p.Name(), name) >= replicas).OrderByDescending(p => Ordinal(p.Name(), name)))
            context.Delete(podType, ns, extra.Name());

        var current = OwnedPods(context, podType, sts);
        var ready = current.Count(Pods.IsReady);
        var updated = current.Count(p => p.Str("metadata", "labels", "controller-revision-hash") == revision);
        context.Update(stsType, ns, name, s =>
        {
            var status = s.Child("status");
            status["observedGeneration"] = s.Long("metadata", "generation") ?? 1;
            status["replicas"] = current.Count;
            StatusConditions.Count(status, "readyReplicas", ready);
            StatusConditions.Count(status, "currentReplicas", updated);
            StatusConditions.Count(status, "updatedReplicas", updated);
            StatusConditions.Count(status, "availableReplicas", ready);
            status["currentRevision"] = revision;
            status["updateRevision"] = revision;
            status["collisionCount"] = 0;
            return true;
        }, Manager);
    }

    private static long Ordinal(string podName, string sts) =>
        long.TryParse(podName.AsSpan(sts.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;

    /// <summary>volumeClaimTemplates: PVC "&lt;claim&gt;-&lt;sts&gt;-&lt;ordinal&gt;" created if missing, mounted as a volume of the pod.</summary>
    private static void AttachClaims(ControllerContext context, JsonObject sts, JsonObject pod, int ordinal)
    {
        var claimType = context.Type("", "persistentvolumeclaims");
        foreach (var template in sts.ArrayAt("spec", "volumeClaimTemplates")?.OfType<JsonObject>() ?? [])
        {
            var claimName = $"{template.Name()}-{sts.Name()}-{ordinal}";
            if (context.Get(claimType, sts.Namespace(), claimName) is null)
            {
                var labels = template.ObjectAt("metadata", "labels")?.Clone() ?? new JsonObject();
                foreach (var (key, value) in JsonTree.StringMap(sts.ObjectAt("spec", "selector", "matchLabels")))
                    labels[key] = value;
                var spec = template.ObjectAt("spec")?.Clone() ?? new JsonObject();
                spec["volumeMode"] ??= "Filesystem";
                context.Create(claimType, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "PersistentVolumeClaim",
                    ["metadata"] = new JsonObject { ["name"] = claimName, ["namespace"] = sts.Namespace(), ["labels"] = labels },
                    ["spec"] = spec,
                    ["status"] = new JsonObject { ["phase"] = "Pending" },
                }, Manager);
            }
            var volumes = pod.Child("spec")["volumes"] as JsonArray ?? new JsonArray();
            pod.Child("spec")["volumes"] = volumes;
            volumes.Add(new JsonObject
            {
                ["name"] = template.Name(),
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claimName },
            });
        }
    }

    private static void ReconcileDaemonSet(ControllerContext context, string ns, string name)
    {
        var dsType = context.Type("apps", "daemonsets");
        var podType = context.Type("", "pods");
        var ds = context.Get(dsType, ns, name);
        if (ds is null || Pods.IsDeleting(ds))
            return;
        var nodes = context.Nodes().Where(n => StatusConditions.IsTrue(n, "Ready")).Select(n => n.Name()).ToList();
        var pods = OwnedPods(context, podType, ds);
        foreach (var node in nodes.Where(n => pods.All(p => p.Str("spec", "nodeName") != n)))
            context.Create(podType, Pods.FromTemplate(ds.ObjectAt("spec", "template"), ns, $"{name}-{Pods.RandomSuffix()}", ds, node), Manager);
        var current = OwnedPods(context, podType, ds);
        var ready = current.Count(Pods.IsReady);
        context.Update(dsType, ns, name, d =>
        {
            var status = d.Child("status");
            status["observedGeneration"] = d.Long("metadata", "generation") ?? 1;
            status["desiredNumberScheduled"] = nodes.Count;
            status["currentNumberScheduled"] = current.Count;
            status["numberMisscheduled"] = 0;
            status["numberReady"] = ready;
            StatusConditions.Count(status, "numberAvailable", ready);
            StatusConditions.Count(status, "updatedNumberScheduled", current.Count);
            StatusConditions.Count(status, "numberUnavailable", Math.Max(0, nodes.Count - ready));
            return true;
        }, Manager);
    }
}
