using LogForge.Delivery.Changes;
using LogForge.Delivery.Git;
using LogForge.Delivery.Process;
using LogForge.Delivery.Promotion;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// History: an environment's ledger from the checkout's git alone — no token, no cluster, no network. It reads origin's default branch
/// as last fetched (<c>refs/remotes/origin/HEAD</c>) when the clone has it, else HEAD, and says which; the policy at that commit names
/// the environment's values file.
/// </summary>
public static class LedgerHistory
{
    public static async Task<LedgerView> ReadAsync(string checkoutRoot, string environment, int limit, CancellationToken ct)
    {
        if (limit < 1)
            throw new DeliveryStepException("limit", $"--limit {limit} shows nothing", "pass --limit 1 or more (default 20)");
        var git = new GitCli(checkoutRoot);
        try
        {
            var (revision, source) = await SourceAsync(git, checkoutRoot, ct);
            var policy = await PromotionReads.PolicyAtAsync(git, revision, ct);
            if (!policy.Environments.ContainsKey(environment))
                throw new DeliveryStepException("env",
                    $"--env {environment} is not an environment of {EnvironmentPolicyPath} at {FlowFailures.Short(revision)}",
                    $"pass one of {string.Join(", ", policy.EnvironmentNames)}");
            var file = policy.ValuesFileFor(environment);
            var entries = await LedgerReader.ReadAsync(git, revision, file, ct);
            return new LedgerView(environment, file, source, revision, entries.Take(limit).ToList(), entries.Count);
        }
        catch (ProcessFailedException e)
        {
            throw FlowFailures.FromGit(e);
        }
    }

    private const string EnvironmentPolicyPath = Environments.EnvironmentPolicy.RelativePath;

    /// <summary>The revision History and Status read: origin's default branch as last fetched, else HEAD; and that as a sentence.</summary>
    internal static async Task<(string Revision, string Source)> SourceAsync(GitCli git, string root, CancellationToken ct)
    {
        if (!(await git.RunAsync(["rev-parse", "--git-dir"], ct)).Succeeded)
            throw new DeliveryStepException("git", $"{root} is not a git repository", "run History in a clone of the repository");
        var originHead = await git.RunAsync(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], ct);
        if (originHead.Succeeded && originHead.StandardOutput.Trim() is { Length: > 0 } reference
            && await git.ResolveCommitAsync(reference, ct) is { } origin)
            return (origin, $"{reference["refs/remotes/".Length..]} (origin's default branch as last fetched, {FlowFailures.Short(origin)})");
        var head = await git.ResolveCommitAsync("HEAD", ct)
            ?? throw new DeliveryStepException("git", $"{root} has no commit at HEAD", "run History in a clone with history");
        return (head, $"HEAD ({FlowFailures.Short(head)}; no refs/remotes/origin/HEAD in this clone — git remote set-head origin --auto sets it)");
    }
}
