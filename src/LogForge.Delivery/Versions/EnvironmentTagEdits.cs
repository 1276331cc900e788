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

    /// <summary>Each file's current tag and digest and the pin it would get; writes nothing.</summary>
    public static IReadOnlyList<ImageTagChange> Plan(string root, EnvironmentPolicy policy, IReadOnlyList<string> environments, ImagePin pin) =>
        Files(policy, environments).Select(f =>
        {
            var current = ImageTagEdit.ReadPin(Path.Combine(root, f), f);
            return new ImageTagChange(f, current.Tag, pin.Tag) { OldDigest = current.Digest, NewDigest = pin.Digest };
        }).ToList();

    /// <summary>Pins every file of <paramref name="environments"/> (all files checked first, so a refusal writes nothing).</summary>
    public static IReadOnlyList<ImageTagChange> Apply(string root, EnvironmentPolicy policy, IReadOnlyList<string> environments, ImagePin pin)
    {
        var plan = Plan(root, policy, environments, pin);
        foreach (var change in plan)
            ImageTagEdit.Apply(File.ReadAllText(Path.Combine(root, change.File)), pin, change.File); // refuses before anything is written
        return plan.Select(change => ImageTagEdit.Write(Path.Combine(root, change.File), pin, change.File)).ToList();
    }
}
