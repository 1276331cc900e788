using System.Threading.Channels;

namespace LogForge.Testing.Kubernetes.Controller;

/// <summary>
/// The scripted controllers that move object status over time, so waits and timeouts run for real: CRDs become
/// Established; Deployments/ReplicaSets/StatefulSets/DaemonSets create pods from their templates and report status;
/// pods go Pending → Running and Ready (or stay not ready with the kubelet's waiting reason and Warning events); PVCs
/// bind; Services get Endpoints; Strimzi Kafka/KafkaTopic become Ready; Argo CD Applications sync (see <see cref="ArgoCd"/>).
/// Each step waits a random delay between <see cref="MinDelay"/> and <see cref="MaxDelay"/> (or the per-object override).
/// </summary>
public sealed class FakeController : IAsyncDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<(string Kind, string Namespace, string Name), TimeSpan> _delays = [];
    private readonly Dictionary<(string Kind, string Namespace, string Name), (string Reason, string? Message)> _notReady = [];
    private readonly HashSet<string> _pending = [];
    private readonly ObjectStore _store;
    private readonly ControllerContext _context;
    private readonly List<IBehaviour> _behaviours;
    private StoreSubscription? _subscription;
    private Task _loop = Task.CompletedTask;
    private Task _pump = Task.CompletedTask;
    private int _busy; // work scheduled, waiting for its delay, queued or running, and store events being handed to the loop
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeController(ObjectStore store, ResourceCatalog catalog)
    {
        _store = store;
        _context = new ControllerContext(store, catalog, this);
        ArgoCd = new ArgoCdSimulation(this);
        _behaviours =
        [
            new CrdBehaviour(this),
            new WorkloadBehaviour(this),
            new JobBehaviour(this),
            new PodBehaviour(this),
            new ClaimBehaviour(this),
            new EndpointsBehaviour(this),
            new StrimziBehaviour(this),
            new ArgoCdBehaviour(this, ArgoCd),
        ];
    }

    /// <summary>Master switch: when off, nothing moves (events are still consumed; switch on and call <see cref="Resync"/>).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>CustomResourceDefinition → NamesAccepted and Established conditions.</summary>
    public bool EstablishCrds { get; set; } = true;

    /// <summary>Deployment → ReplicaSet → pods, StatefulSet and DaemonSet → pods, Job → pods run to completion; their status
    /// (ready/available replicas, conditions; a Job's succeeded count and Complete condition).</summary>
    public bool RunWorkloads { get; set; } = true;

    /// <summary>Pods: scheduled to a node, then Running with Ready/ContainersReady conditions and running containerStatuses.</summary>
    public bool StartPods { get; set; } = true;

    /// <summary>PersistentVolumeClaim Pending → Bound.</summary>
    public bool BindClaims { get; set; } = true;

    /// <summary>Endpoints of each Service with a selector: ready pod addresses and not-ready addresses.</summary>
    public bool MaintainEndpoints { get; set; } = true;

    /// <summary>Strimzi Kafka and KafkaTopic (kafka.strimzi.io) → status.conditions Ready=True.</summary>
    public bool ReadyStrimzi { get; set; } = true;

    /// <summary>Argo CD Application controller simulation; scripted through <see cref="ArgoCd"/>.</summary>
    public bool SimulateArgoCd { get; set; } = true;

    public ArgoCdSimulation ArgoCd { get; }

    /// <summary>This object's transitions wait exactly <paramref name="delay"/> (kind as in the object, e.g. "Pod", "Kafka";
    /// for pods the name may be a workload name: pods "name-…" match).</summary>
    public void SetDelay(string kind, string ns, string name, TimeSpan delay)
    {
        lock (_gate)
            _delays[(kind, ns, name)] = delay;
    }

    /// <summary>
    /// This object never becomes ready. Pods (kind "Pod", or "Deployment"/"StatefulSet"/"DaemonSet"/"Job" for their pods): the
    /// container waits with <paramref name="reason"/> (default ImagePullBackOff) and Warning events are recorded.
    /// Kafka/KafkaTopic: a NotReady condition with the reason and message. PersistentVolumeClaim: stays Pending with a
    /// ProvisioningFailed event. CustomResourceDefinition: never Established.
    /// </summary>
    public void NeverReady(string kind, string ns, string name, string reason = "ImagePullBackOff", string? message = null)
    {
        lock (_gate)
            _notReady[(NormalizeKind(kind), ns, name)] = (reason, message);
    }

    /// <summary>Undoes <see cref="NeverReady"/> and lets the object progress.</summary>
    public void AllowReady(string kind, string ns, string name)
    {
        lock (_gate)
            _notReady.Remove((NormalizeKind(kind), ns, name));
        Resync();
    }

    /// <summary>Re-examines every object (after switching a behaviour on, or changing a script).</summary>
    public void Resync() => Schedule(TimeSpan.Zero, () =>
    {
        foreach (var evt in _store.SnapshotEvents())
            Dispatch(evt);
    });

    private static string NormalizeKind(string kind) => kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" ? "Pod" : kind;

    internal (string Reason, string? Message)? NotReadyFor(string kind, string ns, string name)
    {
        lock (_gate)
        {
            foreach (var ((k, n, prefix), value) in _notReady)
            {
                if (k == kind && n == ns && (name == prefix || (kind == "Pod" && name.StartsWith(prefix + "-", StringComparison.Ordinal))))
                    return value;
            }
        }
        return null;
    }

    internal TimeSpan DelayFor(string kind, string ns, string name)
    {
        lock (_gate)
        {
            foreach (var ((k, n, prefix), delay) in _delays)
            {
                if (k == kind && n == ns && (name == prefix || name.StartsWith(prefix + "-", StringComparison.Ordinal)))
                    return delay;
            }
        }
        var min = MinDelay;
        var max = MaxDelay < min ? min : MaxDelay;
        return min + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * (max - min).TotalMilliseconds);
    }

    internal void Start()
    {
        _subscription = _store.Subscribe(null, _ => true, sinceResourceVersion: 0);
        _pump = Task.Run(async () =>
        {
            var events = _subscription.Events.Reader;
            try
            {
                while (await events.WaitToReadAsync(_stop.Token))
                {
                    // Counted before it leaves the channel, so that no moment looks idle while an event is handed over.
                    Interlocked.Increment(ref _busy);
                    if (events.TryRead(out var evt)) _work.Writer.TryWrite(() => Dispatch(evt));
                    else Done();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    work();
                }
                catch (StatusError)
                {
                    // The object changed or went away between scheduling and running: the next event re-drives it.
                }
                finally
                {
                    Done();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Dispatch(StoreEvent evt)
    {
        if (!Enabled)
            return;
        foreach (var behaviour in _behaviours)
        {
            if (behaviour.Enabled)
                behaviour.OnEvent(evt, _context);
        }
    }

    internal void Schedule(TimeSpan delay, Action work)
    {
        if (_stop.IsCancellationRequested)
            return;
        Interlocked.Increment(ref _busy);
        if (delay <= TimeSpan.Zero)
        {
            _work.Writer.TryWrite(work);
            return;
        }
        _ = Task.Delay(delay, _stop.Token).ContinueWith(
            t =>
            {
                if (t.IsCanceled || !_work.Writer.TryWrite(work))
                    Done();
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Completes when the controllers have nothing left to do: no step waiting for its delay, queued or running, and no store
    /// change not yet looked at. A test whose code under test waits on a fake clock waits for this before it moves that clock
    /// on, so the cluster has settled as far as it will — whatever the load. <see cref="FakeKubernetesServer.HungAfter"/> is hung.
    /// </summary>
    public async Task IdleAsync()
    {
        using var hung = new CancellationTokenSource(FakeKubernetesServer.HungAfter);
        while (true)
        {
            Task settled;
            lock (_gate)
            {
                if (Volatile.Read(ref _busy) == 0 && _subscription is { Events.Reader.Count: 0 })
                    return;
                settled = _settled.Task;
            }
            try
            {
                await settled.WaitAsync(hung.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the fake controllers were still busy after {FakeKubernetesServer.HungAfter.TotalSeconds:0} s");
            }
        }
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _busy) != 0)
            return;
        TaskCompletionSource settled;
        lock (_gate)
        {
            settled = _settled;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        settled.TrySetResult();
    }

    internal void ScheduleOnce(string key, TimeSpan delay, Action work)
    {
        lock (_gate)
        {
            if (!_pending.Add(key))
                return;
        }
        Schedule(delay, () =>
        {
            lock (_gate)
                _pending.Remove(key);
            if (Enabled)
                work();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        _work.Writer.TryComplete();
        await Task.WhenAll(_loop, _pump);
        _stop.Dispose();
    }
}
