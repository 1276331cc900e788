using System.Text.RegularExpressions;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Checks;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Validation.Workflows;

/// <summary>
/// The two delivery workflows do what the plan says: release.yml runs Release on pushed v* tags with
/// exactly contents/pull-requests/packages: write, one run per tag at a time, with a timeout;
/// promote-production.yml is dispatched by hand with a version, runs Promote (or Rollback) in the
/// production environment, never two at once (concurrency promote-production, no cancelling), and may
/// not write packages.
/// </summary>
public static partial class DeliveryWorkflowChecks
{
    public const string ReleaseWorkflow = "release.yml";
    public const string PromoteWorkflow = "promote-production.yml";

    private static readonly Dictionary<string, string> ReleaseGrants = new() { ["contents"] = "write", ["pull-requests"] = "write", ["packages"] = "write" };
    private static readonly Dictionary<string, string> PromoteGrants = new() { ["contents"] = "write", ["pull-requests"] = "write" };

    public static IReadOnlyList<CheckResult> Check(IReadOnlyList<WorkflowFile> files) =>
    [
        CheckResult.FromProblems($"Workflow {ReleaseWorkflow}: Release on v* tags", ReleaseProblems(files.FirstOrDefault(f => f.Name == ReleaseWorkflow)),
            "push tags v* → ./build.sh Release; contents, pull-requests, packages: write; concurrency per tag; timeout"),
        CheckResult.FromProblems($"Workflow {PromoteWorkflow}: Promote by hand", PromoteProblems(files.FirstOrDefault(f => f.Name == PromoteWorkflow)),
            "workflow_dispatch(version) → ./build.sh Promote|Rollback; environment production; concurrency promote-production, not cancelled"),
    ];

    internal static List<string> ReleaseProblems(WorkflowFile? file)
    {
        if (file is null) return [$"{WorkflowFile.Directory}/{ReleaseWorkflow} is missing"];
        var problems = new List<string>();
        var tags = file.Root.At("on", "push", "tags").Items().Select(t => t.ToShortText()).ToList();
        if (!tags.Contains("v*"))
            problems.Add($"{file.Name}: on.push.tags does not include 'v*' (has {(tags.Count == 0 ? "none" : string.Join(", ", tags))})");
        var group = file.Root.ScalarAt("concurrency", "group") ?? file.Root.ScalarAt("concurrency");
        if (group is null || !group.Contains("github.ref", StringComparison.Ordinal))
            problems.Add($"{file.Name}: concurrency group should name the tag (github.ref or github.ref_name), so one release per tag runs at a time");
        var jobs = JobsRunning(file, "Release");
        if (jobs.Count == 0)
            problems.Add($"{file.Name}: no step runs ./build.sh Release");
        foreach (var job in jobs)
        {
            problems.AddRange(GrantProblems(job, ReleaseGrants, exact: true));
            if (job.Node.At("timeout-minutes") is null)
                problems.Add($"{job.Describe}: no timeout-minutes");
        }
        return problems;
    }

    internal static List<string> PromoteProblems(WorkflowFile? file)
    {
        if (file is null) return [$"{WorkflowFile.Directory}/{PromoteWorkflow} is missing"];
        var problems = new List<string>();
        if (file.Root.At("on", "workflow_dispatch") is null)
            problems.Add($"{file.Name}: not triggered by workflow_dispatch");
        if (file.Root.At("on", "workflow_dispatch", "inputs", "version") is null)
            problems.Add($"{file.Name}: workflow_dispatch has no 'version' input");
        else if (file.Root.ScalarAt("on", "workflow_dispatch", "inputs", "version", "required") != "true")
            problems.Add($"{file.Name}: the 'version' input is not required");
        if (file.On is YamlMappingNode on && on.Entries().Any(e => e.Key != "workflow_dispatch"))
            problems.Add($"{file.Name}: triggered by more than workflow_dispatch ({string.Join(", ", on.Entries().Select(e => e.Key))}) — " +
                "production moves only by hand");
        if (file.Root.ScalarAt("concurrency", "group") != "promote-production" || file.Root.ScalarAt("concurrency", "cancel-in-progress") != "false")
            problems.Add($"{file.Name}: needs concurrency: {{group: promote-production, cancel-in-progress: false}} so two promotions never race");
        var jobs = JobsRunning(file, "Promote");
        if (jobs.Count == 0)
            problems.Add($"{file.Name}: no step runs ./build.sh Promote");
        if (JobsRunning(file, "Rollback").Count == 0)
            problems.Add($"{file.Name}: no step runs ./build.sh Rollback");
        foreach (var job in jobs)
        {
            var environment = job.Node.ScalarAt("environment") ?? job.Node.ScalarAt("environment", "name");
            if (environment != "production")
                problems.Add($"{job.Describe}: environment is '{environment ?? "(none)"}'; " +
                    "production's required reviewers gate it only with environment: production");
            problems.AddRange(GrantProblems(job, PromoteGrants, exact: false));
        }
        return problems;
    }

    /// <summary>Jobs with a step whose run: calls ./build.sh (or build.ps1) with <paramref name="target"/>.</summary>
    private static List<WorkflowJob> JobsRunning(WorkflowFile file, string target) =>
        file.Jobs.Where(j => j.Steps.Any(s => s.Run is { } run && BuildCall().Matches(run).Any(m => m.Groups[1].Value == target))).ToList();

    /// <summary>Write access must be exactly <paramref name="needed"/> (exact) or within it; read/none of other scopes is fine.</summary>
    private static IEnumerable<string> GrantProblems(WorkflowJob job, Dictionary<string, string> needed, bool exact)
    {
        var grants = WorkflowChecks.Grants(job.EffectivePermissions);
        var writes = grants.Where(g => g.Value == "write").Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var extra = writes.Where(w => !needed.ContainsKey(w)).ToList();
        var missing = needed.Keys.Where(k => grants.GetValueOrDefault(k) != "write").Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
            yield return $"{job.Describe}: permissions grant write on {string.Join(", ", extra)} — it needs write only on {string.Join(", ", needed.Keys)}";
        if (missing.Count > 0 && (exact || missing.Count == needed.Count))
            yield return $"{job.Describe}: permissions lack write on {string.Join(", ", missing)}";
    }

    [GeneratedRegex(@"\./build\.(?:sh|ps1)\s+([A-Z][A-Za-z]+)")]
    private static partial Regex BuildCall();
}
