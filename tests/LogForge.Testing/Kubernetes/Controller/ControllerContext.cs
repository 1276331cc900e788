using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

/// <summary>What a behaviour may do: read and write the store as a named manager (an Update operation on the status
/// subresource unless said otherwise, as the real controllers write), and schedule work after the configured delay.</summary>
internal sealed class ControllerContext(ObjectStore store, ResourceCatalog catalog, FakeController controller)
{
    public FakeController Controller { get; } = controller;

    public ResourceType Type(string group, string plural) =>
        catalog.Find(new GroupResource(group, plural)) ?? throw new InvalidOperationException($"{plural}.{group} is not served");

    public ResourceType? TryType(string group, string plural) => catalog.Find(new GroupResource(group, plural));

    public JsonObject? Get(ResourceType type, string ns, string name) => store.Get(type.GroupResource, ns, name);

    public List<JsonObject> List(ResourceType type, string? ns) => store.List(type.GroupResource, ns).Items;

    public IEnumerable<JsonObject> Nodes() => List(Type("", "nodes"), null);

    /// <summary>Changes an existing object; <paramref name="mutate"/> returns false to leave it alone. No-op writes change nothing.</summary>
    public JsonObject? Update(ResourceType type, string ns, string name, Func<JsonObject, bool> mutate, string manager, string subresource = "status")
    {
        try
        {
            return store.Write(type, ns, name, current =>
            {
                if (current is null)
                    throw StatusError.NotFound(type.Group, type.Plural, name);
                var updated = current.Clone();
                if (!mutate(updated))
                    return current;
                ManagedFields.RecordUpdate(current, updated, type, manager, subresource);
                return updated;
            }, dryRun: false).Object;
        }
        catch (StatusError e) when (e.Code == 404)
        {
            return null;
        }
    }

    public JsonObject? Create(ResourceType type, JsonObject obj, string manager)
    {
        try
        {
            return store.Write(type, obj.Namespace(), obj.Name(), current =>
            {
                if (current is not null)
                    throw StatusError.AlreadyExists(type.Group, type.Plural, obj.Name());
                var created = obj.Clone();
                ManagedFields.RecordUpdate(null, created, type, manager, "");
                return created;
            }, dryRun: false).Object;
        }
        catch (StatusError e) when (e.Code == 409)
        {
            return null;
        }
    }

    public void Delete(ResourceType type, string ns, string name)
    {
        try
        {
            store.Write(type, ns, name, _ => null, dryRun: false);
        }
        catch (StatusError e) when (e.Code == 404)
        {
        }
    }

    /// <summary>Runs <paramref name="work"/> on the controller loop after the delay configured for this object.</summary>
    public void After(string kind, JsonObject obj, Action work) => Controller.Schedule(Controller.DelayFor(kind, obj.Namespace(), obj.Name()), work);

    public void Now(Action work) => Controller.Schedule(TimeSpan.Zero, work);

    /// <summary>Schedules <paramref name="work"/> once per key until it has run (a pending transition is not queued twice).</summary>
    public void Once(string key, TimeSpan delay, Action work) => Controller.ScheduleOnce(key, delay, work);
}
