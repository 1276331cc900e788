using System.Text.Json.Nodes;
using LogForge.Testing.Http;
using LogForge.Testing.Kubernetes.Controller;
using LogForge.Testing.Kubernetes.Faults;
using Microsoft.AspNetCore.Builder;

namespace LogForge.Testing.Kubernetes;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (plain HTTP, a free port) for tests: the code under test gets a
/// kubeconfig (<see cref="WriteKubeconfig"/>) and talks the real REST protocol to it — discovery, get/list/watch,
/// create/update/patch/apply/delete with dryRun, metav1.Status errors, port-forward over WebSocket — while
/// <see cref="Controller"/> moves object status over time.
/// </summary>
public sealed class FakeKubernetesServer : IAsyncDisposable
{
    /// <summary>How long <see cref="UntilAsync"/> waits before it calls the test hung: generous, so that load never decides.</summary>
    public static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);

    private LoopbackHost _host = null!;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ResourceCatalog _catalog;
    private readonly ObjectStore _store;
    private readonly Admission _admission = new();
    private readonly KubeApi _api;
    private readonly WatchSettings _watch = new();
    private bool _disposed;

    private FakeKubernetesServer(ResourceCatalog catalog, ObjectStore store, FakeKubernetesOptions options)
    {
        _catalog = catalog;
        _store = store;
        Access = new AccessControl { RequiredToken = options.Token, UserName = options.UserName };
        _watch.BookmarkInterval = options.WatchBookmarkInterval;
        Controller = new FakeController(store, catalog)
        {
            Enabled = options.ControllerEnabled,
            MinDelay = options.ControllerMinDelay,
            MaxDelay = options.ControllerMaxDelay,
        };
        _api = new KubeApi(catalog, store, _admission, Access, Requests, PortForwards, _watch, Faults, write => write.Write(this), Returned, _shutdown.Token);
    }

    /// <summary>Starts a server on a free loopback port: system namespaces and Ready nodes seeded, controllers running.</summary>
    public static async Task<FakeKubernetesServer> StartAsync(Action<FakeKubernetesOptions>? configure = null, CancellationToken ct = default)
    {
        var options = new FakeKubernetesOptions();
        configure?.Invoke(options);
        var catalog = new ResourceCatalog();
        var store = new ObjectStore(catalog);
        var server = new FakeKubernetesServer(catalog, store, options);

        server.Controller.Start();
        if (options.SeedNamespaces)
        {
            foreach (var ns in ClusterSeed.Namespaces())
                server.Seed(ns);
        }
        for (var i = 0; i < options.Nodes.Count; i++)
            server.Seed(ClusterSeed.Node(options.Nodes[i], i));

        server._host = await LoopbackHost.StartAsync(app =>
            {
                app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
                app.Run(server._api.HandleAsync);
            }, k => k.Limits.MaxRequestBodySize = 3 * 1024 * 1024, stopWithin: TimeSpan.FromSeconds(5), ct);
        return server;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Url => _host.Url;

    /// <summary>Required token, user name, and 403 rules.</summary>
    public AccessControl Access { get; }

    /// <summary>Every request served, with the <see cref="RequestLog.Writes"/> and <see cref="RequestLog.Mutations"/> counters.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>The scripted controllers and their knobs.</summary>
    public FakeController Controller { get; }

    /// <summary>Faults to answer matching requests with: 429, 5xx, connection resets, watches that end early or answer 410,
    /// a controller's write just before a request (see Faults/ and README.md).</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>With <c>Enabled</c>, every object answered is kept for schema validation (Contracts/SchemaContracts).</summary>
    public Contracts.ReturnedObjects Returned { get; } = new();

    /// <summary>Where pods' forwarded ports lead.</summary>
    public PortForwardMap PortForwards { get; } = new();

    /// <summary>Every request waits this long before it is served (for timeout tests).</summary>
    public TimeSpan ResponseDelay
    {
        get => _api.ResponseDelay;
        set => _api.ResponseDelay = value;
    }

    public TimeSpan WatchBookmarkInterval
    {
        get => _watch.BookmarkInterval;
        set => _watch.BookmarkInterval = value;
    }

    /// <summary>The cluster-wide resourceVersion now.</summary>
    public long ResourceVersion => _store.CurrentResourceVersion;

    /// <summary>Writes a kubeconfig whose current context is <paramref name="contextName"/>, pointing at this server.</summary>
    public string WriteKubeconfig(string path, string contextName = "fake", string? token = null, string? ns = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        File.WriteAllText(path, Kubeconfig.Render(Url, contextName, token, ns));
        return path;
    }

    /// <summary>
    /// Stores an object as given, status included, without a request (not logged, not counted). With
    /// <paramref name="fieldManager"/> the object's fields are recorded as applied by that manager (server-side apply),
    /// as if a previous run had applied it. The namespace must exist.
    /// </summary>
    public JsonObject Seed(JsonObject obj, string? fieldManager = null)
    {
        var type = TypeOf(obj);
        var ns = type.Namespaced ? (obj.Namespace().Length > 0 ? obj.Namespace() : "default") : "";
        if (type.Namespaced && !_store.NamespaceExists(ns))
            throw new InvalidOperationException($"namespaces \"{ns}\" not found: seed the Namespace first");
        var given = obj.Clone();
        given.Metadata()["namespace"] = ns.Length > 0 ? ns : null;
        try
        {
            return _store.Write(type, ns, given.Name(), current =>
            {
                JsonObject result;
                if (fieldManager is null)
                {
                    result = given.Clone();
                    result.Metadata()["managedFields"] = current?.ArrayAt("metadata", "managedFields")?.DeepClone();
                }
                else
                {
                    var config = given.Clone();
                    var status = config["status"]?.DeepClone();
                    config.Remove("status");
                    Admission.DefaultApplyConfiguration(type, config);
                    result = ServerSideApply.Apply(current, config, type, fieldManager, force: true, "");
                    if (status is not null)
                        result["status"] = status;
                }
                _admission.Default(type, result, current);
                Validation.Validate(type, result, current);
                return result;
            }, dryRun: false).Object!;
        }
        catch (StatusError e)
        {
            throw new InvalidOperationException($"seeding {type.Kind} {given.Name()}: {e.Message}", e);
        }
    }

    /// <summary>Seeds every document of a (multi-document) YAML text.</summary>
    public IReadOnlyList<JsonObject> SeedYaml(string yaml, string? fieldManager = null) =>
        YamlJson.ParseDocuments(yaml).OfType<JsonObject>().Select(o => Seed(o, fieldManager)).ToList();

    /// <summary>The stored object, or null. <paramref name="kind"/>: "Pod", "pods", "Deployment.apps", "applications.argoproj.io", "apps/v1/Deployment".</summary>
    public JsonObject? Get(string kind, string? ns, string name)
    {
        var type = Resolve(kind);
        return _store.Get(type.GroupResource, type.Namespaced ? ns ?? "default" : "", name) is { } obj ? HttpIo.Present(type, obj) : null;
    }

    /// <summary>Stored objects of a kind (all namespaces when <paramref name="ns"/> is null), optionally by label selector.</summary>
    public IReadOnlyList<JsonObject> List(string kind, string? ns = null, string? labelSelector = null)
    {
        var type = Resolve(kind);
        var selector = LabelSelector.Parse(labelSelector);
        return _store.List(type.GroupResource, type.Namespaced ? ns : null).Items
            .Where(o => selector.Matches(o.Labels())).Select(o => HttpIo.Present(type, o)).ToList();
    }

    /// <summary>Changes a stored object (status included) as manager <paramref name="manager"/>, outside any request:
    /// watchers see MODIFIED, the resourceVersion moves if anything changed.</summary>
    public JsonObject Update(string kind, string? ns, string name, Action<JsonObject> change, string manager = "test")
    {
        var type = Resolve(kind);
        try
        {
            return _store.Write(type, type.Namespaced ? ns ?? "default" : "", name, current =>
            {
                if (current is null)
                    throw StatusError.NotFound(type.Group, type.Plural, name);
                var updated = current.Clone();
                change(updated);
                ManagedFields.RecordUpdate(current, updated, type, manager, "");
                return updated;
            }, dryRun: false).Object!;
        }
        catch (StatusError e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>Deletes a stored object outside any request (finalizers still hold it); false when it was not there.</summary>
    public bool Delete(string kind, string? ns, string name)
    {
        var type = Resolve(kind);
        try
        {
            _store.Write(type, type.Namespaced ? ns ?? "default" : "", name, _ => null, dryRun: false);
            return true;
        }
        catch (StatusError e) when (e.Code == 404)
        {
            return false;
        }
    }

    /// <summary>Completes once <paramref name="holds"/> is true of the stored objects: checked now and after every change, no
    /// polling. Not true within <see cref="HungAfter"/> means the test is hung (<paramref name="what"/> names it).</summary>
    public async Task UntilAsync(Func<FakeKubernetesServer, bool> holds, string what)
    {
        using var changes = _store.Subscribe(null, _ => true, sinceResourceVersion: null);
        using var hung = new CancellationTokenSource(HungAfter);
        while (!holds(this))
        {
            try
            {
                await changes.Events.Reader.ReadAsync(hung.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"still not so after {HungAfter.TotalSeconds:0} s: {what}");
            }
        }
    }

    /// <summary>Forgets the watch event history: watches from an older resourceVersion get 410 Expired.</summary>
    public void CompactWatchHistory() => _store.CompactHistory();

    private ResourceType Resolve(string kind) =>
        _catalog.Resolve(kind) ?? throw new InvalidOperationException($"the server doesn't have a resource type \"{kind}\"");

    private ResourceType TypeOf(JsonObject obj)
    {
        var apiVersion = obj.Str("apiVersion") ?? throw new InvalidOperationException("the object has no apiVersion");
        var kind = obj.Str("kind") ?? throw new InvalidOperationException("the object has no kind");
        return _catalog.FindByKind(apiVersion, kind)
               ?? throw new InvalidOperationException($"no matches for kind \"{kind}\" in version \"{apiVersion}\" (install its CRD first)");
    }

    /// <summary>Stops the controllers, ends open watches and port-forward WebSockets, and stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await Controller.DisposeAsync();
        await _shutdown.CancelAsync();
        _store.CloseAllSubscriptions();
        await _host.DisposeAsync();
        _shutdown.Dispose();
    }
}
