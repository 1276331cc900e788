namespace LogForge.Testing.GitHub;

/// <summary>PUT /repos/{owner}/{repo}/pulls/{n}/merge in the backing bare repository, with git's own plumbing:
/// <c>merge-tree --write-tree</c>, <c>commit-tree</c> (two parents for "merge", one for "squash") and a
/// compare-and-swap <c>update-ref</c> of the base branch — a real merge commit, so history is real.
/// 405 when the pull request is not open or conflicts, 409 when <c>sha</c> is not the head.</summary>
internal static class FakeMerge
{
    private const string Docs = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";

    private static readonly Dictionary<string, string?> Identity = new()
    {
        ["GIT_AUTHOR_NAME"] = "GitHub",
        ["GIT_AUTHOR_EMAIL"] = "noreply@github.com",
        ["GIT_COMMITTER_NAME"] = "GitHub",
        ["GIT_COMMITTER_EMAIL"] = "noreply@github.com",
    };

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
        if (method is not ("merge" or "squash"))
            return GitHubErrors.Error(422, $"Merge method {method} is not supported by the fake GitHub (merge, squash)", Docs);

        var tree = await git.RunAsync(["merge-tree", "--write-tree", baseSha, headSha], ct);
        if (!tree.Succeeded) return GitHubErrors.Error(405, "Pull Request is not mergeable", Docs);
        var title = body?["commit_title"]?.GetValue<string>()
            ?? (method == "merge" ? $"Merge pull request #{pr.Number} from {repository.Owner}/{pr.Head}" : $"{pr.Title} (#{pr.Number})");
        var message = title + "\n\n" + (body?["commit_message"]?.GetValue<string>() ?? pr.Title);
        string[] parents = method == "merge" ? ["-p", baseSha, "-p", headSha] : ["-p", baseSha];
        var commit = (await git.RunAsync(["commit-tree", tree.StandardOutput.Split('\n')[0].Trim(), .. parents, "-m", message], ct, environment: Identity))
            .EnsureSucceeded().StandardOutput.Trim();
        await git.OutputAsync(["update-ref", "refs/heads/" + pr.Base, commit, baseSha], ct);

        pr.FrozenHeadSha = headSha;
        pr.FrozenBaseSha = baseSha;
        pr.State = "closed";
        pr.MergedAt = pr.ClosedAt = pr.UpdatedAt = DateTimeOffset.UtcNow;
        pr.MergeCommitSha = commit;
        return new GitHubResponse(200, GitHubJson.Merge(commit));
    }

    public static async Task FreezeAsync(FakeGitHub github, FakeRepository repository, FakePullRequest pr)
    {
        var git = github.GitFor(repository);
        pr.FrozenHeadSha = await git.ResolveCommitAsync("refs/heads/" + pr.Head, CancellationToken.None);
        pr.FrozenBaseSha = await git.ResolveCommitAsync("refs/heads/" + pr.Base, CancellationToken.None);
        pr.ClosedAt = DateTimeOffset.UtcNow;
    }
}
