using System.Security.Cryptography;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Validation.Workflows;

/// <summary>
/// The edits the delivery workflows make touch only their files: Release's tag edit, run on a temporary
/// copy of deploy/env/, changes exactly dev's and staging's values files; Promote's changes only
/// production's. Any other changed file (or a refusal of the edit) fails the gate.
/// </summary>
public static class TagEditScopeChecks
{
    /// <summary>A tag no environment runs: the edit must change every file it targets.</summary>
    public const string ProbeTag = "0.0.0-gate-probe";
    /// <summary>The digest the probe edit pins with <see cref="ProbeTag"/> (a digest line is inserted, so it is in scope too).</summary>
    public const string ProbeDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public static IReadOnlyList<CheckResult> Check(string repoRoot, EnvironmentPolicy policy) =>
    [
        Check("Release edit touches exactly dev + staging", repoRoot, policy, EnvironmentTagEdits.Release),
        Check("Promote edit touches only production", repoRoot, policy, EnvironmentTagEdits.Promote),
    ];

    private static CheckResult Check(string name, string repoRoot, EnvironmentPolicy policy, IReadOnlyList<string> environments)
    {
        var copy = Directory.CreateTempSubdirectory("logforge-edit-scope-").FullName;
        try
        {
            const string envDirectory = "deploy/env";
            var source = Path.Combine(repoRoot, envDirectory);
            var target = Path.Combine(copy, envDirectory);
            CopyDirectory(source, target);
            var before = Hashes(target);
            IReadOnlyList<string> expected;
            try
            {
                expected = EnvironmentTagEdits.Apply(copy, policy, environments, new ImagePin(ProbeTag, ProbeDigest)).Select(c => c.File).ToList();
            }
            catch (ImageTagEditException e)
            {
                return CheckResult.Fail(name, $"the edit is refused: {e.Message}");
            }
            var after = Hashes(target);
            var changed = after.Keys.Union(before.Keys).Where(f => before.GetValueOrDefault(f) != after.GetValueOrDefault(f))
                .Select(f => $"{envDirectory}/{f}").Order(StringComparer.Ordinal).ToList();
            var problems = changed.Except(expected).Select(f => $"{f} would change too")
                .Concat(expected.Except(changed).Select(f => $"{f} would not change"))
                .ToList();
            return CheckResult.FromProblems(name, problems, "on a copy of deploy/env: " + string.Join(", ", changed) + " and nothing else");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source))
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
    }
}
