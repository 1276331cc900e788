// apiextensions-apiserver's establishing and naming controllers: a stored CRD gets NamesAccepted=True and
// Established=True conditions, status.acceptedNames and status.storedVersions. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apiextensions-apiserver/pkg/controller/{establish/establishing_controller.go,
// status/naming_controller.go} (reasons NoConflicts / InitialNamesAccepted and their messages).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class CrdBehaviour(FakeController controller) : IBehaviour
{
    public bool Enabled => controller.EstablishCrds;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        if (evt.Type == "DELETED" || evt.Resource is not { Group: "apiextensions.k8s.io", Plural: "customresourcedefinitions" })
            return;
        var crd = evt.Object;
        if (Established(crd) || controller.NotReadyFor("CustomResourceDefinition", "", crd.Name()) is not null)
            return;
        context.Once($"crd:{crd.Uid()}", controller.DelayFor("CustomResourceDefinition", "", crd.Name()), () =>
        {
            if (controller.NotReadyFor("CustomResourceDefinition", "", crd.Name()) is not null)
                return;
            context.Update(evt.Resource, "", crd.Name(), Establish, "kube-apiserver");
        });
    }

    private static bool Established(JsonObject crd) =>
        crd.ArrayAt("status", "conditions")?.OfType<JsonObject>().Any(c => c.Str("type") == "Established" && c.Str("status") == "True") == true;

    private static bool Establish(JsonObject crd)
    {
        if (Established(crd))
            return false;
        var now = JsonTree.Now();
        var names = crd.ObjectAt("spec", "names")?.Clone() ?? new JsonObject();
        names["singular"] ??= (names.Str("kind") ?? "").ToLowerInvariant();
        names["listKind"] ??= names.Str("kind") + "List";
        var status = crd.Child("status");
        status["conditions"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "NamesAccepted",
                ["status"] = "True",
                ["lastTransitionTime"] = now,
                ["reason"] = "NoConflicts",
                ["message"] = "no conflicts found",
            },
            new JsonObject
            {
                ["type"] = "Established",
                ["status"] = "True",
                ["lastTransitionTime"] = now,
                ["reason"] = "InitialNamesAccepted",
                ["message"] = "the initial names have been accepted",
            });
        status["acceptedNames"] = names;
        var storage = crd.ArrayAt("spec", "versions")?.OfType<JsonObject>().FirstOrDefault(v => v.Bool("storage") == true)?.Str("name");
        status["storedVersions"] = storage is null ? new JsonArray() : JsonTree.Strings(storage);
        return true;
    }
}
