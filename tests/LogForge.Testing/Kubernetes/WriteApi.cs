// create (POST), update (PUT), delete and deletecollection. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create.go,update.go,delete.go} and
// staging/src/k8s.io/apiserver/pkg/registry/rest/{create.go,update.go} (BeforeCreate: namespace must match the URL,
// resourceVersion must be empty, generateName; BeforeUpdate: name must match, resourceVersion precondition →
// Conflict, custom resources refuse unconditional updates), registry/generic/registry/store.go (namespaced create in a
// missing namespace → namespaces "x" not found via the NamespaceLifecycle admission plugin; delete answers the object
// for pods and custom resources, a Success Status otherwise, 202 while finalizers hold it; preconditions).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class WriteApi
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static async Task<int> CreateAsync(ApiCall call, ObjectStore store, Admission admission)
    {
        var type = call.Type;
        call.DryRun = HttpIo.IsDryRun(call.Http, "CreateOptions");
        var body = await HttpIo.ReadObjectAsync(call.Http, type);
        CheckKind(type, body);
        var meta = body.Metadata();
        AdoptNamespace(call, body);
        if (meta.Str("resourceVersion") is { Length: > 0 })
            throw StatusError.BadRequest("resourceVersion should not be set on objects to be created");
        if (body.Name().Length == 0 && meta.Str("generateName") is { Length: > 0 } prefix)
            meta["name"] = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)]));
        meta.Remove("managedFields");
        admission.PrepareForCreate(type, body);
        Validation.Validate(type, body, null);
        RequireNamespace(call, store);

        var manager = call.Manager;
        var result = store.Write(type, call.Namespace, body.Name(), current =>
        {
            if (current is not null)
                throw StatusError.AlreadyExists(type.Group, type.Plural, body.Name());
            var created = body.Clone();
            ManagedFields.RecordUpdate(null, created, type, manager, "");
            return created;
        }, call.DryRun);
        call.Mutated = !call.DryRun && result.Changed;
        await HttpIo.WriteJsonAsync(call.Http, 201, HttpIo.Present(type, result.Object!));
        return 201;
    }

    public static async Task<int> UpdateAsync(ApiCall call, ObjectStore store, Admission admission)
    {
        var type = call.Type;
        call.DryRun = HttpIo.IsDryRun(call.Http, "UpdateOptions");
        var body = await HttpIo.ReadObjectAsync(call.Http, type);
        CheckKind(type, body);
        AdoptNamespace(call, body);
        var name = call.Info.Name;
        if (body.Name() != name)
            throw StatusError.BadRequest($"the name of the object ({body.Name()}) does not match the name on the URL ({name})");
        var manager = call.Manager;
        var subresource = call.Info.Subresource;
        var result = store.Write(type, call.Namespace, name, current =>
        {
            if (current is null)
                throw StatusError.NotFound(type.Group, type.Plural, name);
            var asked = body.Str("metadata", "resourceVersion");
            if (string.IsNullOrEmpty(asked))
            {
                if (type.IsCustom)
                {
                    throw StatusError.Invalid(type.Group, type.Kind, name,
                        [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
                }
            }
            else if (asked != current.Str("metadata", "resourceVersion"))
            {
                throw StatusError.ObjectModified(type.Group, type.Plural, name);
            }
            var updated = body.Clone();
            var meta = updated.Metadata();
            meta["managedFields"] = current.ArrayAt("metadata", "managedFields")?.DeepClone();
            meta["deletionTimestamp"] = current.Str("metadata", "deletionTimestamp");
            admission.PrepareForUpdate(type, updated, current, subresource);
            Validation.Validate(type, updated, current);
            ManagedFields.RecordUpdate(current, updated, type, manager, subresource);
            return updated;
        }, call.DryRun);
        call.Mutated = !call.DryRun && result.Changed;
        await HttpIo.WriteJsonAsync(call.Http, 200, HttpIo.Present(type, result.Object!));
        return 200;
    }

    public static async Task<int> DeleteAsync(ApiCall call, ObjectStore store)
    {
        var type = call.Type;
        var options = await ReadDeleteOptionsAsync(call);
        call.DryRun = HttpIo.IsDryRun(call.Http, "DeleteOptions") || options.ArrayAt("dryRun")?.Any(v => v?.ToString() == "All") == true;
        var name = call.Info.Name;
        var orphan = (call.Query("propagationPolicy") ?? options.Str("propagationPolicy")) == "Orphan";
        var result = store.Write(type, call.Namespace, name, current =>
        {
            if (current is null)
                throw StatusError.NotFound(type.Group, type.Plural, name);
            CheckPreconditions(type, current, options.ObjectAt("preconditions"));
            return null;
        }, call.DryRun, orphan);
        call.Mutated = !call.DryRun && result.Changed;
        if (!result.Deleted)
        {
            await HttpIo.WriteJsonAsync(call.Http, 202, HttpIo.Present(type, result.Object!));
            return 202;
        }
        await HttpIo.WriteJsonAsync(call.Http, 200, DeletedAnswer(type, result.Object!));
        return 200;
    }

    public static async Task<int> DeleteCollectionAsync(ApiCall call, ObjectStore store)
    {
        var type = call.Type;
        var options = await ReadDeleteOptionsAsync(call);
        call.DryRun = HttpIo.IsDryRun(call.Http, "DeleteOptions") || options.ArrayAt("dryRun")?.Any(v => v?.ToString() == "All") == true;
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"), type);
        var (items, _) = store.List(type.GroupResource, type.Namespaced ? call.Info.Namespace : null);
        var deleted = new JsonArray();
        foreach (var item in items.Where(o => labels.Matches(o.Labels()) && fields.Matches(o, type)))
        {
            try
            {
                var result = store.Write(type, item.Namespace(), item.Name(), _ => null, call.DryRun);
                call.Mutated |= !call.DryRun && result.Changed;
                deleted.Add(ReadApi.ListItem(type, result.Object!));
            }
            catch (StatusError e) when (e.Code == 404)
            {
            }
        }
        await HttpIo.WriteJsonAsync(call.Http, 200, new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        });
        return 200;
    }

    private static JsonObject DeletedAnswer(ResourceType type, JsonObject deleted)
    {
        if (type.IsCustom || type is { Group: "", Plural: "pods" })
            return HttpIo.Present(type, deleted);
        if (type is { Group: "", Plural: "namespaces" })
        {
            // The namespace registry answers with the namespace as it starts terminating (its contents go with it here).
            var terminating = HttpIo.Present(type, deleted);
            terminating.Metadata()["deletionTimestamp"] = JsonTree.Now();
            terminating.Child("status")["phase"] = "Terminating";
            return terminating;
        }
        var details = new JsonObject { ["name"] = deleted.Name() };
        if (type.Group.Length > 0)
            details["group"] = type.Group;
        details["kind"] = type.Plural;
        details["uid"] = deleted.Uid();
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    private static async Task<JsonObject> ReadDeleteOptionsAsync(ApiCall call)
    {
        var text = await HttpIo.ReadBodyAsync(call.Http);
        if (string.IsNullOrWhiteSpace(text))
            return new JsonObject();
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw StatusError.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    private static void CheckPreconditions(ResourceType type, JsonObject current, JsonObject? preconditions)
    {
        if (preconditions is null)
            return;
        if (preconditions.Str("uid") is { Length: > 0 } uid && uid != current.Uid())
        {
            throw StatusError.Conflict(type.Group, type.Plural, current.Name(),
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid()}");
        }
        if (preconditions.Str("resourceVersion") is { Length: > 0 } rv && rv != current.Str("metadata", "resourceVersion"))
        {
            throw StatusError.Conflict(type.Group, type.Plural, current.Name(),
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.Str("metadata", "resourceVersion")}");
        }
    }

    /// <summary>The apiVersion/kind of a body must be the endpoint's (an absent one is taken from the endpoint).</summary>
    public static void CheckKind(ResourceType type, JsonObject body)
    {
        var apiVersion = body.Str("apiVersion");
        var kind = body.Str("kind");
        if (apiVersion is { Length: > 0 } && apiVersion != type.GroupVersion)
            throw StatusError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        if (kind is { Length: > 0 } && kind != type.Kind)
            throw StatusError.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
    }

    /// <summary>An object without a namespace takes the URL's; a different one is refused (rest.EnsureObjectNamespaceMatchesRequestNamespace).</summary>
    public static void AdoptNamespace(ApiCall call, JsonObject body)
    {
        var meta = body.Metadata();
        if (!call.Type.Namespaced)
        {
            meta.Remove("namespace");
            return;
        }
        var given = meta.Str("namespace");
        if (string.IsNullOrEmpty(given))
            meta["namespace"] = call.Info.Namespace;
        else if (given != call.Info.Namespace)
            throw StatusError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
    }

    public static void RequireNamespace(ApiCall call, ObjectStore store)
    {
        if (call.Type.Namespaced && !store.NamespaceExists(call.Info.Namespace))
            throw StatusError.NotFound("", "namespaces", call.Info.Namespace);
    }
}
