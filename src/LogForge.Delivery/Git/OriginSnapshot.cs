using LogForge.Delivery.Changes;
using LogForge.Delivery.Process;
using Serilog;

namespace LogForge.Delivery.Git;

/// <summary>
/// What a flow needs to know about origin, read once and fetched: its default branch and that branch's
/// commit (fetched to refs/remotes/origin/…), a flow branch (release/vX, promote/production-vX) if it
/// exists (fetched too), and other refs asked for (tags, peeled to their commits).
/// </summary>
public sealed record OriginSnapshot(string Remote, string DefaultBranch, string BaseCommit, IReadOnlyDictionary<string, string> Refs, string Branch,
    string? BranchCommit)
{
    /// <summary>Reads and fetches. With <paramref name="offline"/>, an unreachable remote falls back to the
    /// remote-tracking refs the checkout already has (dry runs work without a network).</summary>
    public static async Task<OriginSnapshot> ReadAsync(GitCli git, string remote, string branch, IReadOnlyList<string> otherRefs, bool offline,
        ILogger log, CancellationToken ct)
    {
        try
        {
            var defaultBranch = await git.RemoteDefaultBranchAsync(remote, ct)
                ?? throw new DeliveryStepException("origin", $"{remote}'s HEAD names no branch, so its default branch is unknown",
                    $"set the repository's default branch (on GitHub: Settings → Default branch), then re-run");
            var refs = await git.RemoteRefsAsync(remote, [$"refs/heads/{defaultBranch}", $"refs/heads/{branch}", .. otherRefs], ct);
            var branchCommit = refs.GetValueOrDefault($"refs/heads/{branch}");
            List<string> refspecs = [$"+refs/heads/{defaultBranch}:refs/remotes/{remote}/{defaultBranch}"];
            if (branchCommit is not null) refspecs.Add($"+refs/heads/{branch}:refs/remotes/{remote}/{branch}");
            await git.FetchAsync(remote, refspecs, ct);
            var baseCommit = await git.ResolveCommitAsync($"refs/remotes/{remote}/{defaultBranch}", ct)
                ?? throw new DeliveryStepException("origin", $"{remote}/{defaultBranch} is missing after the fetch", "re-run");
            return new OriginSnapshot(remote, defaultBranch, baseCommit, refs, branch, branchCommit);
        }
        catch (ProcessFailedException e) when (offline)
        {
            var tracking = await git.RunAsync(["symbolic-ref", "--short", $"refs/remotes/{remote}/HEAD"], ct);
            var defaultBranch = tracking.Succeeded ? tracking.StandardOutput.Trim()[(remote.Length + 1)..] : "main";
            var baseCommit = await git.ResolveCommitAsync($"refs/remotes/{remote}/{defaultBranch}", ct)
                ?? throw new DeliveryStepException("origin", $"cannot reach {remote} ({e.Result.Tail(1)}) and the checkout has no {remote}/{defaultBranch}",
                    $"check the network or {remote}'s URL, then re-run");
            log.Warning("Cannot reach {Remote} ({Reason}); using the last fetched {Remote}/{Branch}", remote, e.Result.Tail(1), remote, defaultBranch);
            return new OriginSnapshot(remote, defaultBranch, baseCommit, new Dictionary<string, string>(), branch, null);
        }
    }
}
