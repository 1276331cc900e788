namespace LogForge.Build.Engine;

/// <summary>Which targets run, in which order, and which are skipped before the run starts (and why).</summary>
internal sealed class ExecutionPlan
{
    private ExecutionPlan(List<TargetDefinition> order, HashSet<TargetDefinition> invoked,
        Dictionary<TargetDefinition, string> skipped, List<(TargetDefinition Before, TargetDefinition After)> edges)
    {
        Order = order;
        Invoked = invoked;
        Skipped = skipped;
        Edges = edges;
    }

    public IReadOnlyList<TargetDefinition> Order { get; }
    public IReadOnlySet<TargetDefinition> Invoked { get; }
    /// <summary>Targets skipped by --skip, with the reason.</summary>
    public IReadOnlyDictionary<TargetDefinition, string> Skipped { get; }
    public IReadOnlyList<(TargetDefinition Before, TargetDefinition After)> Edges { get; }

    public static ExecutionPlan Create(TargetGraph graph, IEnumerable<TargetDefinition> invoked, List<string>? skip)
    {
        var invokedSet = invoked.ToHashSet();
        var included = new HashSet<TargetDefinition>();
        var pending = new Stack<TargetDefinition>(invokedSet);
        while (pending.Count > 0)
        {
            var target = pending.Pop();
            if (!included.Add(target)) continue;
            foreach (var next in target.DependsOnTargets.Concat(target.TriggersTargets).Select(graph.Resolve))
                pending.Push(next);
        }

        var skipped = new Dictionary<TargetDefinition, string>();
        if (skip is { Count: 0 })
            foreach (var target in included.Where(t => !invokedSet.Contains(t)))
                skipped[target] = "--skip";
        foreach (var name in skip ?? [])
        {
            var target = graph.Find(name);
            if (included.Contains(target)) skipped[target] = "--skip";
        }

        var edges = graph.OrderingEdges(included);
        return new ExecutionPlan(TopologicalOrder(included, edges), invokedSet, skipped, edges);
    }

    public IEnumerable<TargetDefinition> PredecessorsOf(TargetDefinition target) =>
        Edges.Where(e => e.After == target).Select(e => e.Before);

    /// <summary>Kahn's algorithm; among ready targets the one declared first goes first, so the order is stable.</summary>
    private static List<TargetDefinition> TopologicalOrder(HashSet<TargetDefinition> included, List<(TargetDefinition Before, TargetDefinition After)> edges)
    {
        var incoming = included.ToDictionary(t => t, t => edges.Count(e => e.After == t));
        var ready = new SortedSet<TargetDefinition>(included.Where(t => incoming[t] == 0),
            Comparer<TargetDefinition>.Create((a, b) => a.DeclarationIndex.CompareTo(b.DeclarationIndex)));
        var order = new List<TargetDefinition>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var edge in edges.Where(e => e.Before == next))
                if (--incoming[edge.After] == 0) ready.Add(edge.After);
        }
        return order;
    }
}
