using System.Text.RegularExpressions;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Checks;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Validation.Workflows;

/// <summary>
/// The workflow files themselves (the manual plan's gate, item 5): they parse; every <c>uses:</c> is pinned
/// to a full commit SHA with the version in a comment; every job has <c>permissions</c> or the workflow has
/// read-only defaults, and nothing asks for write-all; no <c>${{ }}</c> expression other than a few
/// run-controlled values (github.sha, github.run_id, runner.*) is interpolated into a <c>run:</c> script —
/// untrusted text (titles, branch and tag names, inputs) goes through <c>env:</c>.
/// </summary>
public static partial class WorkflowChecks
{
    public static IReadOnlyList<CheckResult> Check(IReadOnlyList<WorkflowFile> files, IReadOnlyList<string> parseProblems)
    {
        var names = string.Join(", ", files.Select(f => f.Name));
        return
        [
            CheckResult.FromProblems("Workflows: parse", parseProblems, $"{files.Count} files: {names}"),
            CheckResult.FromProblems("Workflows: actions pinned to commit SHAs", files.SelectMany(PinningProblems).ToList(),
                $"{files.Sum(f => f.Jobs.Sum(j => j.Steps.Count(s => s.Uses is not null)))} uses: pinned, version in a comment"),
            CheckResult.FromProblems("Workflows: permissions", files.SelectMany(PermissionProblems).ToList(), "every job has least-privilege permissions"),
            CheckResult.FromProblems("Workflows: no expressions in run:", files.SelectMany(InterpolationProblems).ToList(),
                "untrusted values reach run: through env: only"),
        ];
    }

    internal static IEnumerable<string> PinningProblems(WorkflowFile file)
    {
        foreach (var job in file.Jobs)
        {
            if (job.Node.At("uses") is YamlScalarNode reusable && !IsPinned(reusable.Value ?? "", allowLocal: true))
                yield return $"{job.Describe}: uses {reusable.Value} — pin a reusable workflow to a commit SHA";
            foreach (var step in job.Steps.Where(s => s.Uses is not null))
            {
                var uses = step.Uses!.Value ?? "";
                if (!IsPinned(uses, allowLocal: true))
                    yield return $"{step.Describe}: uses {uses} — pin it to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)";
                else if (!uses.StartsWith("./", StringComparison.Ordinal) && !uses.StartsWith("docker://", StringComparison.Ordinal)
                         && !VersionComment().IsMatch(file.LineOf(step.Uses)))
                    yield return $"{step.Describe}: uses {uses} — say which version the SHA is in a comment (# vX.Y.Z)";
            }
        }
    }

    internal static bool IsPinned(string uses, bool allowLocal) =>
        (allowLocal && uses.StartsWith("./", StringComparison.Ordinal))
        || DockerDigest().IsMatch(uses)
        || ShaPinned().IsMatch(uses);

    internal static IEnumerable<string> PermissionProblems(WorkflowFile file)
    {
        var defaultsReadOnly = IsReadOnly(file.Permissions);
        if (file.Permissions is YamlScalarNode { Value: "write-all" })
            yield return $"{file.Name}: permissions: write-all — grant each job only what it needs";
        foreach (var job in file.Jobs)
        {
            if (job.Permissions is null && !defaultsReadOnly)
                yield return $"{job.Describe}: no permissions: and the workflow has no read-only defaults — add permissions: (e.g. contents: read)";
            if (job.Permissions is YamlScalarNode { Value: "write-all" })
                yield return $"{job.Describe}: permissions: write-all — grant only what it needs";
        }
    }

    /// <summary>A mapping whose every value is read or none (or an empty mapping), or read-all.</summary>
    internal static bool IsReadOnly(YamlNode? permissions) => permissions switch
    {
        YamlMappingNode mapping => mapping.Children.Values.All(v => v is YamlScalarNode { Value: "read" or "none" }),
        YamlScalarNode { Value: "read-all" } => true,
        _ => false,
    };

    /// <summary>scope → access of a permissions node (write-all/read-all expanded to "*").</summary>
    public static IReadOnlyDictionary<string, string> Grants(YamlNode? permissions) => permissions switch
    {
        YamlMappingNode mapping => mapping.Entries().ToDictionary(e => e.Key, e => e.Value.ToShortText()),
        YamlScalarNode { Value: "write-all" } => new Dictionary<string, string> { ["*"] = "write" },
        YamlScalarNode { Value: "read-all" } => new Dictionary<string, string> { ["*"] = "read" },
        _ => new Dictionary<string, string>(),
    };

    internal static IEnumerable<string> InterpolationProblems(WorkflowFile file)
    {
        foreach (var step in file.Jobs.SelectMany(j => j.Steps))
        {
            if (step.Run is not { } run) continue;
            foreach (Match expression in Expression().Matches(run))
            {
                var inner = expression.Groups[1].Value.Trim();
                if (!TrustedExpression().IsMatch(inner))
                    yield return $"{step.Describe}: run: interpolates ${{{{ {inner} }}}} — pass it through env: and use \"$NAME\"";
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex ShaPinned();

    [GeneratedRegex(@"^docker://[^@\s]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex DockerDigest();

    [GeneratedRegex(@"#\s*v?\d+(\.\d+)*")]
    private static partial Regex VersionComment();

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"^(github\.(sha|run_id|run_number|run_attempt|workspace|repository_id|server_url|api_url|job|action_path)|runner\.[a-z_]+)$")]
    private static partial Regex TrustedExpression();
}
