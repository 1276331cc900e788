using System.Reflection;

namespace LogForge.Build.Engine;

/// <summary>Every target the build class declares, with references resolved to definitions.</summary>
internal sealed class TargetGraph
{
    private readonly List<(Target Delegate, TargetDefinition Definition)> _targets = [];

    public IReadOnlyList<TargetDefinition> All => _targets.Select(t => t.Definition).ToList();

    public static TargetGraph Discover(object build)
    {
        var graph = new TargetGraph();
        var properties = build.GetType()
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Target))
            .OrderBy(p => p.MetadataToken)
            .ToList();
        foreach (var property in properties)
        {
            var target = (Target)property.GetValue(build)!;
            var definition = new TargetDefinition(property.Name, graph._targets.Count);
            target(definition);
            graph._targets.Add((target, definition));
        }
        graph.RejectCycles();
        return graph;
    }

    public TargetDefinition Resolve(Target target) =>
        _targets.FirstOrDefault(t => t.Delegate.Equals(target)).Definition
        ?? throw new BuildUsageException("A target refers to a target that is not a Target property of the build class — declare it as a property.");

    public TargetDefinition Find(string name) =>
        _targets.Select(t => t.Definition).FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new BuildUsageException($"Unknown target '{name}'.{Suggestions.DidYouMean(name, _targets.Select(t => t.Definition.Name))}" +
            " See ./build.sh --help for the targets.");

    public IEnumerable<TargetDefinition> DependenciesOf(TargetDefinition target) => target.DependsOnTargets.Select(Resolve);

    /// <summary>Edges "a must finish before b" among <paramref name="included"/>, from DependsOn, After, Before and Triggers.</summary>
    public List<(TargetDefinition Before, TargetDefinition After)> OrderingEdges(IReadOnlyCollection<TargetDefinition> included)
    {
        var edges = new List<(TargetDefinition, TargetDefinition)>();
        foreach (var target in included)
        {
            edges.AddRange(target.DependsOnTargets.Select(Resolve).Where(included.Contains).Select(d => (d, target)));
            edges.AddRange(target.AfterTargets.Select(Resolve).Where(included.Contains).Select(a => (a, target)));
            edges.AddRange(target.BeforeTargets.Select(Resolve).Where(included.Contains).Select(b => (target, b)));
            edges.AddRange(target.TriggersTargets.Select(Resolve).Where(included.Contains).Select(t => (target, t)));
        }
        return edges.Distinct().ToList();
    }

    private void RejectCycles()
    {
        var all = All;
        var edges = OrderingEdges(all);
        var state = all.ToDictionary(t => t, _ => 0); // 0 new, 1 on the stack, 2 done
        var stack = new List<TargetDefinition>();

        void Visit(TargetDefinition node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in edges.Where(e => e.Before == node).Select(e => e.After))
            {
                if (state[next] == 1)
                {
                    var cycle = stack.SkipWhile(n => n != next).Append(next).Select(n => n.Name).Reverse();
                    throw new BuildUsageException($"Target cycle: {string.Join(" → ", cycle)} (each waits for the next) — " +
                        "remove one of these DependsOn/After/Before/Triggers links.");
                }
                if (state[next] == 0) Visit(next);
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
        }

        foreach (var target in all.Where(t => state[t] == 0)) Visit(target);
    }
}
