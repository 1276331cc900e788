// PATCH: JSON patch, merge patch, strategic merge patch (built-in types only; custom resources answer 415) and
// server-side apply. Followed: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
// (content-type check → 415 with the accepted list; PatchOptions validation → 422 "PatchOptions.meta.k8s.io \"\" is
// invalid": fieldManager required for apply, force forbidden for other patches; apply on a missing object creates
// it and answers 201; other patches on a missing object → 404; a resourceVersion in the patched object is a
// precondition → 409 Conflict), staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
// (ValidatePatchOptions), staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/structuredmerge.go
// ("Incorrect version specified in apply patch") and fieldmanager.go ("metadata.managedFields must be nil").
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class PatchApi
{
    public static async Task<int> HandleAsync(ApiCall call, ObjectStore store, Admission admission)
    {
        var type = call.Type;
        var mediaType = HttpIo.MediaType(call.Http.Request.ContentType);
        if (!type.PatchTypes.Contains(mediaType))
            throw StatusError.UnsupportedMediaType(type.PatchTypes);
        var apply = mediaType == "application/apply-patch+yaml";
        var fieldManager = call.Query("fieldManager");
        var force = call.Query("force");
        if (apply && string.IsNullOrEmpty(fieldManager))
            throw StatusError.Invalid("meta.k8s.io", "PatchOptions", "", [StatusError.Required("fieldManager", "is required for apply patch")]);
        if (!apply && force is not null)
            throw StatusError.Invalid("meta.k8s.io", "PatchOptions", "", [StatusError.Forbidden("force", "may not be specified for non-apply patch")]);
        call.DryRun = HttpIo.IsDryRun(call.Http, "PatchOptions");
        var text = await HttpIo.ReadBodyAsync(call.Http);

        var (code, obj) = apply
            ? Apply(call, store, admission, text, fieldManager!, force == "true")
            : Patch(call, store, admission, text, mediaType);
        await HttpIo.WriteJsonAsync(call.Http, code, HttpIo.Present(call.Type, obj));
        return code;
    }

    private static (int, JsonObject) Apply(ApiCall call, ObjectStore store, Admission admission, string text, string manager, bool force)
    {
        var type = call.Type;
        var name = call.Info.Name;
        var subresource = call.Info.Subresource;
        var config = YamlJson.ParseObject(text);
        var apiVersion = config.Str("apiVersion");
        if (string.IsNullOrEmpty(config.Str("kind")))
            throw StatusError.BadRequest($"Object 'Kind' is missing in '{text.Trim()}'");
        if (apiVersion != type.GroupVersion)
            throw StatusError.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {type.GroupVersion}");
        if (config.Str("kind") != type.Kind)
            throw StatusError.BadRequest($"Incorrect kind specified in apply patch. Specified patch kind: {config.Str("kind")}, expected: {type.Kind}");
        if (config.Name() != name)
            throw StatusError.BadRequest($"the name of the object ({config.Name()}) does not match the name on the URL ({name})");
        if (config.ObjectAt("metadata")?.ContainsKey("managedFields") == true)
            throw StatusError.BadRequest("metadata.managedFields must be nil");
        WriteApi.AdoptNamespace(call, config);
        Admission.DefaultApplyConfiguration(type, config);
        if (subresource.Length == 0 && type.HasStatus)
            config.Remove("status");
        if (subresource == "status")
        {
            foreach (var field in config.Select(kv => kv.Key).Where(k => k is not ("apiVersion" or "kind" or "metadata" or "status")).ToList())
                config.Remove(field);
        }

        var result = store.Write(type, call.Namespace, name, current =>
        {
            if (current is null)
            {
                if (subresource.Length > 0)
                    throw StatusError.NotFound(type.Group, type.Plural, name);
                WriteApi.RequireNamespace(call, store);
            }
            var applied = ServerSideApply.Apply(current, config, type, manager, force, subresource);
            if (current is null)
                admission.PrepareForCreate(type, applied);
            else
                admission.PrepareForUpdate(type, applied, current, subresource);
            Validation.Validate(type, applied, current);
            return applied;
        }, call.DryRun);
        call.Mutated = !call.DryRun && result.Changed;
        return (result.Created ? 201 : 200, result.Object!);
    }

    private static (int, JsonObject) Patch(ApiCall call, ObjectStore store, Admission admission, string text, string mediaType)
    {
        var type = call.Type;
        var name = call.Info.Name;
        var subresource = call.Info.Subresource;
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw StatusError.BadRequest($"error decoding patch: {e.Message}");
        }
        var manager = call.Manager;
        var result = store.Write(type, call.Namespace, name, current =>
        {
            if (current is null)
                throw StatusError.NotFound(type.Group, type.Plural, name);
            var patched = mediaType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(current, patch),
                "application/merge-patch+json" => MergePatch.Apply(current.Clone(), patch) as JsonObject
                                                  ?? throw StatusError.BadRequest("Invalid JSON Patch"),
                _ => StrategicMergePatch.Apply(current, patch, type),
            };
            if (patched.Str("metadata", "resourceVersion") is { } rv && rv != current.Str("metadata", "resourceVersion"))
                throw StatusError.ObjectModified(type.Group, type.Plural, name);
            if (patched.Name() != name)
                throw StatusError.BadRequest($"the name of the object ({patched.Name()}) does not match the name on the URL ({name})");
            if (type.Namespaced && patched.Namespace() != call.Namespace)
                throw StatusError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            patched.Metadata()["managedFields"] = current.ArrayAt("metadata", "managedFields")?.DeepClone();
            patched.Metadata()["uid"] = current.Uid();
            patched.Metadata()["deletionTimestamp"] = current.Str("metadata", "deletionTimestamp");
            admission.PrepareForUpdate(type, patched, current, subresource);
            Validation.Validate(type, patched, current);
            ManagedFields.RecordUpdate(current, patched, type, manager, subresource);
            return patched;
        }, call.DryRun);
        call.Mutated = !call.DryRun && result.Changed;
        return (200, result.Object!);
    }
}
