// The persistent volume controller for dynamically provisioned claims. Followed: kubernetes/kubernetes
// pkg/controller/volume/persistentvolume/pv_controller.go (bind: spec.volumeName "pvc-<uid>", annotations
// pv.kubernetes.io/bind-completed and bound-by-controller, status phase Bound with accessModes and capacity;
// a claim that cannot be provisioned stays Pending with a ProvisioningFailed Warning event).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class ClaimBehaviour(FakeController controller) : IBehaviour
{
    private readonly HashSet<string> _reported = [];

    public bool Enabled => controller.BindClaims;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        if (evt.Type == "DELETED" || evt.Resource is not { Group: "", Plural: "persistentvolumeclaims" })
            return;
        var claim = evt.Object;
        if (Pods.IsDeleting(claim) || claim.Str("status", "phase") == "Bound")
            return;
        var ns = claim.Namespace();
        var name = claim.Name();
        context.Once($"pvc:{claim.Uid()}", controller.DelayFor("PersistentVolumeClaim", ns, name), () =>
        {
            var type = context.Type("", "persistentvolumeclaims");
            var failure = controller.NotReadyFor("PersistentVolumeClaim", ns, name);
            if (failure is not null)
            {
                if (context.Get(type, ns, name) is { } pending && _reported.Add(pending.Uid()))
                {
                    EventRecorder.Record(context, pending, "Warning", failure.Value.Reason == "ImagePullBackOff" ? "ProvisioningFailed" : failure.Value.Reason,
                        failure.Value.Message ?? "no persistent volumes available for this claim and no storage class is set",
                        "persistentvolume-controller");
                }
                return;
            }
            context.Update(type, ns, name, Bind, "kube-controller-manager", "");
        });
    }

    private static bool Bind(JsonObject claim)
    {
        var annotations = claim.Metadata().Child("annotations");
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        claim.Child("spec")["volumeName"] = $"pvc-{claim.Uid()}";
        var status = claim.Child("status");
        status["phase"] = "Bound";
        status["accessModes"] = claim.ArrayAt("spec", "accessModes")?.DeepClone() ?? JsonTree.Strings("ReadWriteOnce");
        status["capacity"] = new JsonObject { ["storage"] = claim.Str("spec", "resources", "requests", "storage") ?? "1Gi" };
        return true;
    }
}
