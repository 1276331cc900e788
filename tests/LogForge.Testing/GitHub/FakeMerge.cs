namespace LogForge.Testing.GitHub;

/// <summary>PUT /repos/{owner}/{repo}/pulls/{n}/merge in the backing bare repository: each merge method as GitHub performs it
/// (<see cref="FakeMergeCommits"/>; messages by the repository's settings, <see cref="FakeMergeMessages"/>), then a compare-and-swap
/// <c>update-ref</c> of the base branch, so history is real. 405 when the pull request is not open or does not merge cleanly, 409 when
/// <c>sha</c> is not the head, 422 for an unknown merge_method.</summary>
internal static class FakeMerge
{
    private const string Docs = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";

    public static async Task<GitHubResponse> MergeAsync(FakeGitHub github, FakeRepository repository, int number, System.Text.Json.Nodes.JsonObject? body)
    {
        var pr = FakeGitHubRoutes.Find(repository, number);
        if (pr is null) return GitHubErrors.NotFound(Docs);
        if (!pr.Open) return GitHubErrors.Error(405, "Pull Request is not mergeable", Docs);

        var git = github.GitFor(repository);
        var ct = CancellationToken.None;
        var headSha = await git.ResolveCommitAsync("refs/heads/" + pr.Head, ct);
        var baseSha = await git.ResolveCommitAsync("refs/heads/" + pr.Base, ct);
        if (headSha is null || baseSha is null) return GitHubErrors.Error(405, "Pull Request is not mergeable", Docs);
        if (body?["sha"]?.GetValue<string>() is { } expected && expected != headSha)
            return GitHubErrors.Error(409, "Head branch was modified. Review and try the merge again.", Docs);

        var method = body?["merge_method"]?.GetValue<string>() ?? "merge";
        if (method is not ("merge" or "squash" or "rebase"))
            return GitHubErrors.Error(422, $"Invalid merge_method {method}: merge, squash or rebase", Docs);
        var (title, message) = (body?["commit_title"]?.GetValue<string>(), body?["commit_message"]?.GetValue<string>());
        var commits = await FakeMergeCommits.CommitsAsync(git, baseSha, headSha);
        var tip = commits.Count == 0 ? null : method switch
        {
            "merge" => await FakeMergeCommits.MergeAsync(git, baseSha, headSha, FakeMergeMessages.Merge(repository, pr, title, message)),
            "squash" => await FakeMergeCommits.SquashAsync(git, baseSha, headSha, commits[0],
                FakeMergeMessages.Squash(repository, pr, commits, title, message)),
            _ => await FakeMergeCommits.RebaseAsync(git, baseSha, commits),
        };
        if (tip is null) return GitHubErrors.Error(405, "Pull Request is not mergeable", Docs);
        await git.OutputAsync(["update-ref", "refs/heads/" + pr.Base, tip, baseSha], ct);

        pr.FrozenHeadSha = headSha;
        pr.FrozenBaseSha = baseSha;
        pr.State = "closed";
        pr.MergedAt = pr.ClosedAt = pr.UpdatedAt = DateTimeOffset.UtcNow;
        pr.MergeCommitSha = tip;
        return new GitHubResponse(200, GitHubJson.Merge(tip));
    }

    public static async Task FreezeAsync(FakeGitHub github, FakeRepository repository, FakePullRequest pr)
    {
        var git = github.GitFor(repository);
        pr.FrozenHeadSha = await git.ResolveCommitAsync("refs/heads/" + pr.Head, CancellationToken.None);
        pr.FrozenBaseSha = await git.ResolveCommitAsync("refs/heads/" + pr.Base, CancellationToken.None);
        pr.ClosedAt = DateTimeOffset.UtcNow;
    }
}
