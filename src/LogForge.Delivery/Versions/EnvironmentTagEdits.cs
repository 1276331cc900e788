using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Versions;

/// <summary>Which environments each flow retags — Release: dev and staging; Promote and Rollback: production
/// only — and the edit itself on a tree: every file is read and checked before any is written.</summary>
public static class EnvironmentTagEdits
{
    public static readonly IReadOnlyList<string> Release = ["dev", "staging"];
    public static readonly IReadOnlyList<string> Promote = ["production"];

    /// <summary>The repository-relative values files of <paramref name="environments"/>.</summary>
    public static IReadOnlyList<string> Files(EnvironmentPolicy policy, IReadOnlyList<string> environments) =>
        environments.Select(env => policy.Environments.ContainsKey(env)
            ? policy.ValuesFileFor(env)
            : throw new ImageTagEditException(EnvironmentPolicy.RelativePath, $"has no environment '{env}'")).ToList();

    /// <summary>Each file's current tag and the tag it would get; writes nothing.</summary>
    public static IReadOnlyList<ImageTagChange> Plan(string root, EnvironmentPolicy policy, IReadOnlyList<string> environments, string tag) =>
        Files(policy, environments).Select(f => new ImageTagChange(f, ImageTagEdit.ReadTag(Path.Combine(root, f), f), tag)).ToList();

    /// <summary>Sets the tag in every file of <paramref name="environments"/> (all files checked first, so a refusal writes nothing).</summary>
    public static IReadOnlyList<ImageTagChange> Apply(string root, EnvironmentPolicy policy, IReadOnlyList<string> environments, string tag)
    {
        var plan = Plan(root, policy, environments, tag);
        return plan.Select(change => ImageTagEdit.Write(Path.Combine(root, change.File), tag, change.File)).ToList();
    }
}
