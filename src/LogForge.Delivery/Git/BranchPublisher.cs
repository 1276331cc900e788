using LogForge.Delivery.Changes;
using LogForge.Delivery.GitHub;
using Serilog;

namespace LogForge.Delivery.Git;

/// <summary>
/// Pushes a flow's one commit to its branch on origin (release/vX, promote/production-vX) with a lease
/// (<c>--force-with-lease=ref:&lt;what the snapshot saw&gt;</c>, or "must not exist"). A branch that already holds
/// the same change on the same base is left as it is. A branch holding anything the flow did not make
/// (more than one commit on the default branch, or another message) is refused, never overwritten. GitHub refuses a push the token
/// may not make with HTTP 403 and a text body git prints as <c>remote: Permission to owner/repo.git denied to LOGIN.</c>
/// (git's remote-curl.c show_http_message); that failure names the token's kind and the permission it lacks.
/// </summary>
public sealed class BranchPublisher(ILogger log, GitHubTokenKind kind = GitHubTokenKind.Unknown)
{
    /// <summary>The commit the branch holds afterwards.</summary>
    public async Task<string> PushAsync(GitCli git, OriginSnapshot origin, string commit, CancellationToken ct)
    {
        var (remote, branch) = (origin.Remote, origin.Branch);
        if (origin.BranchCommit is { } existing)
        {
            var own = await git.OutputAsync(["rev-list", "--count", $"{origin.BaseCommit}..{existing}"], ct) == "1"
                      && await git.OutputAsync(["log", "-1", "--format=%s", existing], ct) == await git.OutputAsync(["log", "-1", "--format=%s", commit], ct);
            if (!own)
                throw new DeliveryStepException("push", $"{branch} on {remote} holds commits this flow did not make",
                    $"merge or close its pull request, or delete the branch on {remote}, then re-run");
            var sameChange = await git.OutputAsync(["rev-parse", existing + "^{tree}", existing + "^1"], ct)
                             == await git.OutputAsync(["rev-parse", commit + "^{tree}", commit + "^1"], ct);
            if (sameChange)
            {
                log.Information("{Branch} on {Remote} already holds this change ({Commit})", branch, remote, existing[..12]);
                return existing;
            }
        }

        var push = await git.PushWithLeaseAsync(remote, commit, $"refs/heads/{branch}", origin.BranchCommit, ct);
        if (!push.Succeeded)
        {
            var denied = push.StandardError.Split('\n').FirstOrDefault(l => l.StartsWith("remote: Permission to", StringComparison.Ordinal))?.Trim();
            if (denied is not null)
                throw new DeliveryStepException("push",
                    $"GitHub refused the push of {branch} to {remote} (403 {denied["remote: ".Length..].TrimEnd('.')}); nothing was opened",
                    GitHubFailure.Forbidden(denied, "contents: write", kind));
            var said = push.StandardOutput.Split('\n').FirstOrDefault(l => l.StartsWith('!'))?.Trim() ?? push.Tail(1);
            throw new DeliveryStepException("push", $"{remote} rejected the push of {branch} ({said}); nothing was opened",
                $"check the token's contents: write permission and branch protection for {branch.Split('/')[0]}/*, then re-run");
        }
        log.Information("Pushed {Branch} ({Commit}) to {Remote}", branch, commit[..12], remote);
        return commit;
    }
}
