// The object store: one cluster-wide resourceVersion counter (etcd's revision), bumped only when a write really
// changes an object (etcd3 store GuaranteedUpdate skips the write when the new bytes equal the old), uid and
// creationTimestamp set once, metadata.generation bumped when anything outside metadata (and status, for types
// with a status subresource) changes, deletion held by finalizers (deletionTimestamp set, object removed when the
// last finalizer goes), background garbage collection of dependents by ownerReferences, a bounded event history
// for watches from a resourceVersion (older ones answer 410 Expired). Followed: kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go, staging/src/k8s.io/apiserver/pkg/registry/generic/
// registry/store.go (BeforeCreate/BeforeUpdate, graceful deletion, finalizers), pkg/controller/garbagecollector,
// staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go ("too old resource version").
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace LogForge.Testing.Kubernetes;

internal sealed record StoreEvent(string Type, ResourceType Resource, JsonObject Object, JsonObject? Previous, long ResourceVersion);

internal sealed record WriteResult(JsonObject? Object, bool Created, bool Changed, bool Deleted);

internal sealed class StoreSubscription(ObjectStore store, Func<StoreEvent, bool> filter) : IDisposable
{
    // Not SingleReader: that channel cannot count what it holds, and FakeController.IdleAsync needs the count.
    public Channel<StoreEvent> Events { get; } = Channel.CreateUnbounded<StoreEvent>();
    public Func<StoreEvent, bool> Filter { get; } = filter;

    public void Dispose() => store.Unsubscribe(this);
}

internal sealed class ObjectStore(ResourceCatalog catalog)
{
    private const int HistoryLimit = 20_000;
    private readonly object _gate = new();
    private readonly Dictionary<GroupResource, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly List<StoreEvent> _history = [];
    private readonly List<StoreSubscription> _subscriptions = [];
    private long _resourceVersion = 1000;
    private long _expiredBelow;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
                return _resourceVersion;
        }
    }

    private static string Key(string ns, string name) => $"{ns}/{name}";

    public JsonObject? Get(GroupResource gr, string ns, string name)
    {
        lock (_gate)
            return _objects.TryGetValue(gr, out var bucket) && bucket.TryGetValue(Key(ns, name), out var obj) ? obj.Clone() : null;
    }

    public (List<JsonObject> Items, long ResourceVersion) List(GroupResource gr, string? ns)
    {
        lock (_gate)
        {
            var items = !_objects.TryGetValue(gr, out var bucket)
                ? []
                : bucket.Values.Where(o => ns is null || o.Namespace() == ns).Select(o => o.Clone()).ToList();
            return (items, _resourceVersion);
        }
    }

    public bool NamespaceExists(string ns)
    {
        lock (_gate)
            return _objects.TryGetValue(new GroupResource("", "namespaces"), out var bucket) && bucket.ContainsKey(Key("", ns));
    }

    /// <summary>Read-modify-write of one object under the store lock. <paramref name="decide"/> gets a copy of the current object
    /// (null when absent) and returns the desired object, or null to delete; it may throw a <see cref="StatusError"/>.</summary>
    public WriteResult Write(ResourceType type, string ns, string name, Func<JsonObject?, JsonObject?> decide, bool dryRun,
        bool orphanDependents = false)
    {
        lock (_gate)
        {
            var key = Key(type.Namespaced ? ns : "", name);
            var bucket = Bucket(type.GroupResource);
            bucket.TryGetValue(key, out var current);
            var desired = decide(current?.Clone());
            if (desired is null)
            {
                if (current is null)
                    throw StatusError.NotFound(type.Group, type.Plural, name);
                return Delete(type, current, dryRun, orphanDependents);
            }
            RemoveNulls(desired);
            desired["apiVersion"] = type.GroupVersion;
            desired["kind"] = type.Kind;
            var meta = desired.Metadata();
            meta["name"] = name;
            if (type.Namespaced)
                meta["namespace"] = ns;
            else
                meta.Remove("namespace");

            if (current is null)
                return Create(type, key, desired, dryRun);

            meta["uid"] = current.Uid();
            meta["creationTimestamp"] = current.Str("metadata", "creationTimestamp");
            meta["resourceVersion"] = current.Str("metadata", "resourceVersion");
            if (type.UsesGeneration)
            {
                var generation = current.Long("metadata", "generation") ?? 1;
                var bodyChanged = !JsonTree.SameExcept(current, desired, type.HasStatus ? ["metadata", "status"] : ["metadata"]);
                meta["generation"] = bodyChanged ? generation + 1 : generation;
            }
            else
            {
                meta.Remove("generation");
            }
            if (JsonNode.DeepEquals(current, desired))
                return new WriteResult(current.Clone(), false, false, false);
            if (desired.Str("metadata", "deletionTimestamp") is not null && (desired.ArrayAt("metadata", "finalizers")?.Count ?? 0) == 0)
                return Delete(type, desired, dryRun, orphanDependents);
            if (dryRun)
                return new WriteResult(desired, false, true, false);
            Commit(type, key, desired, current, "MODIFIED");
            return new WriteResult(desired.Clone(), false, true, false);
        }
    }

    private WriteResult Create(ResourceType type, string key, JsonObject desired, bool dryRun)
    {
        var meta = desired.Metadata();
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = JsonTree.Now();
        if (type.UsesGeneration)
            meta["generation"] = 1;
        else
            meta.Remove("generation");
        meta.Remove("deletionTimestamp");
        if (dryRun)
        {
            meta.Remove("resourceVersion");
            return new WriteResult(desired, true, true, false);
        }
        Commit(type, key, desired, null, "ADDED");
        return new WriteResult(desired.Clone(), true, true, false);
    }

    private WriteResult Delete(ResourceType type, JsonObject current, bool dryRun, bool orphanDependents)
    {
        var key = Key(current.Namespace(), current.Name());
        var finalizers = current.ArrayAt("metadata", "finalizers")?.Count ?? 0;
        if (finalizers > 0)
        {
            if (current.Str("metadata", "deletionTimestamp") is not null)
                return new WriteResult(current.Clone(), false, false, false);
            var marked = current.Clone();
            marked.Metadata()["deletionTimestamp"] = JsonTree.Now();
            marked.Metadata()["deletionGracePeriodSeconds"] = 0;
            if (type.UsesGeneration)
                marked.Metadata()["generation"] = (current.Long("metadata", "generation") ?? 1) + 1;
            if (!dryRun)
                Commit(type, key, marked, current, "MODIFIED");
            return new WriteResult(marked.Clone(), false, true, false);
        }
        if (dryRun)
            return new WriteResult(current.Clone(), false, true, true);
        var gone = current.Clone();
        Commit(type, key, gone, current, "DELETED");
        if (!orphanDependents)
            CollectDependents(type, gone);
        return new WriteResult(gone.Clone(), false, true, true);
    }

    /// <summary>Deletes what the removed object owned (background propagation), everything in a removed namespace, and the
    /// custom objects of a removed CRD.</summary>
    private void CollectDependents(ResourceType type, JsonObject removed)
    {
        var uid = removed.Uid();
        var doomed = new List<JsonObject>();
        foreach (var (gr, bucket) in _objects)
        {
            foreach (var obj in bucket.Values)
            {
                var owned = obj.ArrayAt("metadata", "ownerReferences")?.OfType<JsonObject>().Any(o => o.Str("uid") == uid) == true;
                var inNamespace = type is { Group: "", Plural: "namespaces" } && obj.Namespace() == removed.Name();
                var ofCrd = type is { Group: "apiextensions.k8s.io", Plural: "customresourcedefinitions" }
                            && gr == new GroupResource(removed.Str("spec", "group") ?? "", removed.Str("spec", "names", "plural") ?? "");
                if (owned || inNamespace || ofCrd)
                    doomed.Add(obj);
            }
        }
        foreach (var obj in doomed)
        {
            var apiVersion = obj.Str("apiVersion") ?? "";
            var dependentType = catalog.FindByKind(apiVersion, obj.Str("kind") ?? "")
                                ?? (type.Plural == "customresourcedefinitions" ? TypeOfCustom(removed, apiVersion) : null);
            if (dependentType is null || !Bucket(dependentType.GroupResource).TryGetValue(Key(obj.Namespace(), obj.Name()), out var live))
                continue;
            Delete(dependentType, live, dryRun: false, orphanDependents: false);
        }
    }

    private static ResourceType? TypeOfCustom(JsonObject crd, string apiVersion)
    {
        var names = crd.ObjectAt("spec", "names");
        var version = apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
        return new ResourceType(crd.Str("spec", "group") ?? "", version, names.Str("plural") ?? "", names.Str("singular") ?? "",
            names.Str("kind") ?? "", crd.Str("spec", "scope") != "Cluster", [], [], [], [], true, true);
    }

    private void Commit(ResourceType type, string key, JsonObject obj, JsonObject? previous, string eventType)
    {
        _resourceVersion++;
        obj.Metadata()["resourceVersion"] = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bucket = Bucket(type.GroupResource);
        if (eventType == "DELETED")
            bucket.Remove(key);
        else
            bucket[key] = obj.Clone();
        var evt = new StoreEvent(eventType, type, obj.Clone(), previous?.Clone(), _resourceVersion);
        _history.Add(evt);
        if (_history.Count > HistoryLimit)
        {
            _expiredBelow = _history[0].ResourceVersion;
            _history.RemoveAt(0);
        }
        if (type is { Group: "apiextensions.k8s.io", Plural: "customresourcedefinitions" })
        {
            if (eventType == "DELETED")
                catalog.RemoveCrd(obj);
            else
                catalog.ApplyCrd(obj);
        }
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Filter(evt))
                subscription.Events.Writer.TryWrite(evt);
        }
    }

    /// <summary>Starts a subscription: first the initial state (synthetic ADDED events) or the history after
    /// <paramref name="sinceResourceVersion"/>, then every later change. Throws 410 Expired for a compacted version.</summary>
    public StoreSubscription Subscribe(ResourceType? type, Func<StoreEvent, bool> filter, long? sinceResourceVersion)
    {
        lock (_gate)
        {
            var subscription = new StoreSubscription(this, filter);
            if (sinceResourceVersion is { } since)
            {
                if (since < _expiredBelow)
                    throw StatusError.Expired($"too old resource version: {since} ({_expiredBelow})");
                foreach (var evt in _history.Where(e => e.ResourceVersion > since && (type is null || e.Resource.GroupResource == type.GroupResource)))
                {
                    if (filter(evt))
                        subscription.Events.Writer.TryWrite(evt);
                }
            }
            else if (type is not null && _objects.TryGetValue(type.GroupResource, out var bucket))
            {
                foreach (var obj in bucket.Values)
                {
                    var evt = new StoreEvent("ADDED", type, obj.Clone(), null, obj.ResourceVersion());
                    if (filter(evt))
                        subscription.Events.Writer.TryWrite(evt);
                }
            }
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(StoreSubscription subscription)
    {
        lock (_gate)
            _subscriptions.Remove(subscription);
        subscription.Events.Writer.TryComplete();
    }

    public void CloseAllSubscriptions()
    {
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
                subscription.Events.Writer.TryComplete();
            _subscriptions.Clear();
        }
    }

    /// <summary>The current state as MODIFIED events (for a controller resync).</summary>
    public List<StoreEvent> SnapshotEvents()
    {
        lock (_gate)
        {
            var events = new List<StoreEvent>();
            foreach (var (gr, bucket) in _objects)
            {
                if (catalog.Find(gr) is not { } type)
                    continue;
                events.AddRange(bucket.Values.Select(o => new StoreEvent("MODIFIED", type, o.Clone(), o.Clone(), o.ResourceVersion())));
            }
            return events;
        }
    }

    /// <summary>Forgets the event history: a watch from any earlier resourceVersion now answers 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _expiredBelow = _resourceVersion;
        }
    }

    private SortedDictionary<string, JsonObject> Bucket(GroupResource gr)
    {
        if (!_objects.TryGetValue(gr, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[gr] = bucket;
        }
        return bucket;
    }

    private static void RemoveNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
                    obj.Remove(name);
                foreach (var (_, child) in obj)
                    RemoveNulls(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    RemoveNulls(child);
                break;
        }
    }
}
