using System.Diagnostics;
using Serilog;

namespace LogForge.Build.Engine;

/// <summary>One invocation from arguments to exit code: parse, bind, plan, check, run, summarize.
/// Exit codes: 0 success, 1 a target failed, 2 the invocation was wrong, 130 cancelled.</summary>
public static class BuildRunner
{
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static BuildResult Run(BuildBase build, string defaultTarget, RunContext context)
    {
        var clock = Stopwatch.StartNew();
        var masker = build.SecretValues;
        using var output = new MaskingTextWriter(context.Output, masker);
        using var error = new MaskingTextWriter(context.Error, masker);
        try
        {
            var line = CommandLine.Parse(context.Args);
            var root = FindRoot(context.WorkingDirectory);
            build.RootDirectory = root;
            var graph = TargetGraph.Discover(build);
            var parameters = ParameterBinder.Discover(build.GetType(), build.EnvironmentPrefix);
            var files = ParameterFiles.Load(root / ".nuke", line.Profiles);
            // Before binding: a bad secret value must already be masked in the usage error binding may raise.
            foreach (var secret in parameters.Where(p => p.IsSecret))
            foreach (var raw in ParameterBinder.RawValues(secret, line, context.Environment, files))
                masker.Add(raw);
            ParameterBinder.Bind(build, parameters, line, context.Environment, files, context.WorkingDirectory);
            foreach (var secret in parameters.Where(p => p.IsSecret)) masker.Add(ParameterConverter.Format(secret.GetValue(build)));

            if (line.Help)
            {
                output.Write(HelpWriter.Help(graph, defaultTarget, parameters, build, build.EnvironmentPrefix));
                return new BuildResult(0, [], []);
            }

            var invoked = (line.Targets.Count > 0 ? line.Targets : [defaultTarget]).Select(graph.Find).ToList();
            var plan = ExecutionPlan.Create(graph, invoked, line.Skip);
            var unmet = UnmetRequirements(plan, parameters, build);

            if (line.Plan)
            {
                output.Write(HelpWriter.Plan(plan, graph, line.Parallel, unmet.ToLookup(u => u.Target, u => u.Option)));
                return new BuildResult(0, [], []);
            }
            if (unmet.FirstOrDefault() is { } missing)
                throw new BuildUsageException($"Target {missing.Target.Name} requires {missing.Option}, which is not set — {missing.HowTo}.");
            CheckValidations(plan);

            SchemaWriter.WriteIfChanged(root / ".nuke" / "build.schema.json", parameters);
            build.JsonLogging = BuildLogging.UseJson(line.LogFormat, context.Environment);
            return Execute(plan, graph, line, context, output, masker, clock);
        }
        catch (BuildUsageException e)
        {
            error.WriteLine("✗ " + e.Message);
            return new BuildResult(UsageError, [], []);
        }
    }

    private static BuildResult Execute(ExecutionPlan plan, TargetGraph graph, CommandLine line, RunContext context, TextWriter output,
        SecretMasker masker, Stopwatch clock)
    {
        var activity = new OutputActivity();
        var json = BuildLogging.UseJson(line.LogFormat, context.Environment);
        using var logger = BuildLogging.Create(output, json, line.Verbose, activity);
        var previous = Log.Logger;
        Log.Logger = logger;
        try
        {
            var executor = new Executor(plan, graph, line.Parallel, logger, activity);
            var results = executor.RunAsync(context.Cancellation).GetAwaiter().GetResult();
            output.Write(SummaryWriter.Text(results, clock.Elapsed));
            AppendStepSummary(context, masker.Apply(SummaryWriter.Markdown(results, clock.Elapsed)));
            var exitCode = context.Cancellation.IsCancellationRequested ? Cancelled
                : results.Any(r => r.Status is TargetStatus.Failed or TargetStatus.Aborted) ? 1
                : 0;
            return new BuildResult(exitCode, results, executor.Timeline.ToList());
        }
        finally
        {
            Log.Logger = previous;
            output.Flush();
        }
    }

    private sealed record UnmetRequirement(TargetDefinition Target, string Option, string HowTo);

    private static List<UnmetRequirement> UnmetRequirements(ExecutionPlan plan, IReadOnlyList<BuildParameter> parameters, object build)
    {
        var unmet = new List<UnmetRequirement>();
        foreach (var target in plan.Order.Where(t => !plan.Skipped.ContainsKey(t)))
        foreach (var requirement in target.Requirements)
        {
            if (requirement.When is { } when && !when()) continue;
            var value = requirement.Value();
            if (value is not null && value is not "" && value is not string[] { Length: 0 }) continue;
            var name = requirement.Expression.Split("=>").Last().Trim();
            var parameter = parameters.FirstOrDefault(p => p.Name == name);
            var howTo = parameter is null ? "set it" : "set it with " + parameter.HowToSet(".nuke/parameters.json");
            var condition = requirement.WhenReason is null ? "" : $" ({requirement.WhenReason})";
            unmet.Add(new UnmetRequirement(target, (parameter?.Option ?? name) + condition, howTo));
        }
        return unmet;
    }

    private static void CheckValidations(ExecutionPlan plan)
    {
        foreach (var target in plan.Order.Where(t => !plan.Skipped.ContainsKey(t)))
        foreach (var validation in target.Validations)
        {
            string? problem;
            try { problem = validation(); }
            catch (Exception e) { problem = e.Message; }
            if (problem is not null) throw new BuildUsageException($"{target.Name}: {problem}");
        }
    }

    private static void AppendStepSummary(RunContext context, string markdown)
    {
        if (context.Environment.TryGetValue("GITHUB_STEP_SUMMARY", out var path) && path.Length > 0)
            File.AppendAllText(path, "## Build summary\n\n" + markdown + "\n");
    }

    private static AbsolutePath FindRoot(string workingDirectory) =>
        LogForge.Delivery.RepositoryLayout.FindRoot(workingDirectory) is { } root
            ? AbsolutePath.Create(root)
            : throw new BuildUsageException($"No {LogForge.Delivery.RepositoryLayout.RootMarker} directory in {workingDirectory} or above — " +
                "run the build from inside the repository.");
}
