using System.Text;

namespace LogForge.Build.Engine;

/// <summary>--help (targets and parameters, with where each value came from) and --plan.</summary>
internal static class HelpWriter
{
    public static string Help(TargetGraph graph, string defaultTarget, IReadOnlyList<BuildParameter> parameters, object build, string? environmentPrefix)
    {
        var text = new StringBuilder();
        text.AppendLine("Usage: ./build.sh [targets] [--parameter value …] [--skip [targets]] [--plan] [--parallel] [--profile NAME] [--help]");
        text.AppendLine();
        text.AppendLine("Targets (default marked *):");
        var width = graph.All.Max(t => t.Name.Length) + 2;
        foreach (var target in graph.All)
        {
            var marker = target.Name == defaultTarget ? "*" : " ";
            text.AppendLine($"  {marker}{target.Name.PadRight(width)}{target.DescriptionText}");
            var dependencies = graph.DependenciesOf(target).Select(d => d.Name).ToList();
            if (dependencies.Count > 0) text.AppendLine($"   {new string(' ', width)}depends on: {string.Join(", ", dependencies)}");
        }

        text.AppendLine();
        text.AppendLine("Parameters:");
        foreach (var parameter in parameters)
        {
            var secret = parameter.IsSecret ? " (secret)" : "";
            var type = ParameterConverter.TypeName(parameter.Type);
            var value = type == "bool" ? "[true|false]" : $"<{type}>";
            text.AppendLine($"  {parameter.Option} {value}{secret}");
            text.AppendLine($"      {parameter.Description}");
            text.AppendLine($"      env: {string.Join(", ", parameter.EnvironmentVariables)}   value: {parameter.DisplayValue(build)}");
        }

        text.AppendLine();
        text.AppendLine("Engine options:");
        text.AppendLine("  --plan               print the execution order and skip reasons; run nothing");
        text.AppendLine("  --skip [targets]     skip the named targets; bare --skip runs only the invoked targets");
        text.AppendLine("  --parallel           run independent targets at the same time");
        text.AppendLine("  --profile NAME       layer .nuke/parameters.NAME.json over .nuke/parameters.json");
        text.AppendLine("  --log-format json    JSON log lines (the default when CI=true); text for human lines");
        text.AppendLine("  --verbose            debug output, with stack traces of failures");
        text.AppendLine("  --help               this text");
        text.AppendLine();
        var prefix = environmentPrefix is null ? "" : $" (also with the {environmentPrefix}_ prefix)";
        text.AppendLine($"A parameter's value comes from its --option, else the environment{prefix}, else --profile files, else .nuke/parameters.json.");
        return text.ToString();
    }

    /// <summary>The targets as a Markdown table (the README embeds it; a test keeps the two equal).</summary>
    public static string TargetsMarkdown(TargetGraph graph, string defaultTarget)
    {
        var text = new StringBuilder();
        text.AppendLine("| Target | Depends on | What it does |");
        text.AppendLine("|---|---|---|");
        foreach (var target in graph.All)
        {
            var name = target.Name == defaultTarget ? $"`{target.Name}` (default)" : $"`{target.Name}`";
            var dependencies = string.Join(", ", graph.DependenciesOf(target).Select(d => d.Name));
            text.AppendLine($"| {name} | {dependencies} | {target.DescriptionText} |");
        }
        return text.ToString();
    }

    public static string Plan(ExecutionPlan plan, TargetGraph graph, bool parallel, ILookup<TargetDefinition, string> unmetRequirements)
    {
        var text = new StringBuilder();
        text.AppendLine($"Execution plan ({(parallel ? "parallel where independent" : "one at a time")}):");
        var step = 1;
        foreach (var target in plan.Order)
        {
            var notes = new List<string>();
            if (plan.Skipped.TryGetValue(target, out var reason)) notes.Add("skipped: " + reason);
            notes.AddRange(target.Conditions.Select(c => "runs only when: " + c.Reason));
            notes.AddRange(unmetRequirements[target].Select(option => $"needs {option}, not set"));
            var after = plan.PredecessorsOf(target).Select(p => p.Name).ToList();
            if (after.Count > 0) notes.Add("after " + string.Join(", ", after));
            if (plan.Invoked.Contains(target)) notes.Add("invoked");
            text.AppendLine($"  {step++,2}. {target.Name}{(notes.Count > 0 ? "  (" + string.Join("; ", notes) + ")" : "")}");
        }
        return text.ToString();
    }
}
