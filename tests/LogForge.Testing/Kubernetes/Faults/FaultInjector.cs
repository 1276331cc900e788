namespace LogForge.Testing.Kubernetes.Faults;

/// <summary>
/// Faults a <see cref="FakeKubernetesServer"/> injects: each rule answers the next <c>times</c> requests that match it
/// with its fault, then serves normally. Rules are tried in the order added; a request takes at most one fault.
/// <see cref="Injected"/> lists what was done, for assertions.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly List<string> _injected = [];

    private sealed class Rule(FaultMatch match, Fault fault, int times)
    {
        public FaultMatch Match { get; } = match;
        public Fault Fault { get; } = fault;
        public int Left { get; set; } = times;
    }

    /// <summary>Answers the next <paramref name="times"/> requests matching <paramref name="match"/> with <paramref name="fault"/>.</summary>
    public FaultInjector Add(FaultMatch match, Fault fault, int times = 1)
    {
        lock (_gate) _rules.Add(new Rule(match, fault, times));
        return this;
    }

    /// <summary>"429 get secrets in dev named x", one line per fault injected, in order.</summary>
    public IReadOnlyList<string> Injected
    {
        get
        {
            lock (_gate) return [.. _injected];
        }
    }

    /// <summary>Rules not used up yet (a test that injected a fault can check it was met).</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _rules.Sum(r => r.Left);
        }
    }

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    internal Fault? Take(RequestInfo info, Func<Fault, bool> applies)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Left > 0 && applies(r.Fault) && r.Match.Matches(info));
            if (rule is null) return null;
            rule.Left--;
            _injected.Add($"{rule.Fault.GetType().Name} {info.Verb} {info.Resource} {info.Namespace}/{info.Name}".TrimEnd('/', ' '));
            return rule.Fault;
        }
    }
}
