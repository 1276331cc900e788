using LogForge.Delivery.Git;

namespace LogForge.Testing.GitHub;

/// <summary>
/// The three merge methods as GitHub carries them out, in the bare repository with git's plumbing; each returns the new tip of the
/// base branch, or null when the pull request does not merge cleanly. merge: one commit with two parents (base, head). squash: one
/// commit with the base as its only parent and the head's tree merged in, authored by the head's first commit's author. rebase: every
/// commit of the head replayed onto the base in order, keeping its message and author, committed by GitHub (new commits even when the
/// head already sits on the base, as GitHub's rebase merge always makes).
/// </summary>
internal static class FakeMergeCommits
{
    public static readonly IReadOnlyDictionary<string, string?> GitHubCommitter = new Dictionary<string, string?>
    {
        ["GIT_COMMITTER_NAME"] = "GitHub",
        ["GIT_COMMITTER_EMAIL"] = "noreply@github.com",
    };

    private static readonly IReadOnlyDictionary<string, string?> GitHubIdentity = new Dictionary<string, string?>(GitHubCommitter)
    {
        ["GIT_AUTHOR_NAME"] = "GitHub",
        ["GIT_AUTHOR_EMAIL"] = "noreply@github.com",
    };

    public static async Task<string?> MergeAsync(GitCli git, string baseSha, string headSha, string message) =>
        await MergedTreeAsync(git, baseSha, headSha) is { } tree ? await CommitAsync(git, tree, [baseSha, headSha], message, GitHubIdentity) : null;

    public static async Task<string?> SquashAsync(GitCli git, string baseSha, string headSha, PullRequestCommit first, string message) =>
        await MergedTreeAsync(git, baseSha, headSha) is { } tree ? await CommitAsync(git, tree, [baseSha], message, Author(first)) : null;

    public static async Task<string?> RebaseAsync(GitCli git, string baseSha, IReadOnlyList<PullRequestCommit> commits)
    {
        var tip = baseSha;
        foreach (var commit in commits)
        {
            if (await ReplayedTreeAsync(git, commit, tip) is not { } tree) return null;
            tip = await CommitAsync(git, tree, [tip], commit.Message, Author(commit));
        }
        return tip;
    }

    /// <summary>The head's commits not on the base, oldest first, in one git log.</summary>
    public static async Task<IReadOnlyList<PullRequestCommit>> CommitsAsync(GitCli git, string baseSha, string headSha)
    {
        var output = await git.OutputAsync(["log", "--reverse", "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1e", $"{baseSha}..{headSha}"],
            CancellationToken.None);
        return output.Split('\x1e', StringSplitOptions.RemoveEmptyEntries)
            .Select(record => record.TrimStart('\n').Split('\x1f'))
            .Where(f => f.Length == 6)
            .Select(f => new PullRequestCommit(f[0], f[1].Split(' ')[0], f[2], f[3], f[4], f[5].TrimEnd('\n') + "\n"))
            .ToList();
    }

    private static async Task<string?> MergedTreeAsync(GitCli git, string baseSha, string headSha)
    {
        var tree = await git.RunAsync(["merge-tree", "--write-tree", baseSha, headSha], CancellationToken.None);
        return tree.Succeeded ? tree.StandardOutput.Split('\n')[0].Trim() : null;
    }

    /// <summary><paramref name="commit"/>'s change (against its parent) applied to <paramref name="onto"/>: a three-way read-tree in a
    /// scratch index (git 2.39's merge-tree has no --merge-base); unmerged paths make write-tree fail — a conflict.</summary>
    private static async Task<string?> ReplayedTreeAsync(GitCli git, PullRequestCommit commit, string onto)
    {
        var index = Path.Combine(Path.GetTempPath(), $"fake-github-rebase-{Guid.NewGuid():N}.index");
        var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index };
        try
        {
            var read = await git.RunAsync(["read-tree", "-i", "-m", "--aggressive", commit.Parent, onto, commit.Sha], CancellationToken.None,
                environment: environment);
            if (!read.Succeeded) return null;
            var tree = await git.RunAsync(["write-tree"], CancellationToken.None, environment: environment);
            return tree.Succeeded ? tree.StandardOutput.Trim() : null;
        }
        finally
        {
            File.Delete(index);
        }
    }

    private static async Task<string> CommitAsync(GitCli git, string tree, IReadOnlyList<string> parents, string message,
        IReadOnlyDictionary<string, string?> identity) =>
        (await git.RunAsync(["commit-tree", tree, .. parents.SelectMany(p => new[] { "-p", p }), "-m", message], CancellationToken.None,
            environment: identity)).EnsureSucceeded().StandardOutput.Trim();

    private static Dictionary<string, string?> Author(PullRequestCommit commit) => new(GitHubCommitter)
    {
        ["GIT_AUTHOR_NAME"] = commit.AuthorName,
        ["GIT_AUTHOR_EMAIL"] = commit.AuthorEmail,
        ["GIT_AUTHOR_DATE"] = commit.AuthorDate,
    };
}
