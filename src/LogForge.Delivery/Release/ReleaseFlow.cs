using LogForge.Delivery.Environments;
using LogForge.Delivery.Process;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Delivery.Release;

/// <summary>Runs the offline validation gate on a tree (the release worktree) and returns its report.</summary>
public delegate Task<ValidationReport> TreeGate(string treeRoot, CancellationToken ct);

/// <summary>
/// Release: one pull request that moves dev and staging to a version, validated before it opens.
/// State-driven, so a re-run continues where the last one stopped: a merged pull request or a default
/// branch already on the version end the run (exit 0); an open pull request is reused and refreshed; a
/// branch pushed without a pull request gets one. The edit, the gate and the commit happen in a temporary
/// detached worktree based on origin's default branch, so on any failure the checkout is exactly as it
/// was (same branch, clean, no new local branch); only a pushed branch can outlive a failure, and the
/// failure says so.
/// </summary>
public sealed class ReleaseFlow(GitHubAccess github, TreeGate gate, ILogger? log = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<ReleaseFlow>();

    public async Task<ReleaseOutcome> RunAsync(ReleaseRequest request, CancellationToken ct = default)
    {
        try
        {
            return await RunStepsAsync(request, ct);
        }
        catch (ProcessFailedException e)
        {
            var said = e.Result.Tail(1);
            throw new DeliveryStepException("git", $"{e.Result.Request.Describe(4)} exited with code {e.Result.ExitCode}{(said.Length > 0 ? ": " + said : "")}",
                "fix what git says, then re-run (the checkout is unchanged)", e);
        }
    }

    private async Task<ReleaseOutcome> RunStepsAsync(ReleaseRequest request, CancellationToken ct)
    {
        var version = request.Version;
        var root = request.CheckoutRoot;
        CheckImageDigest(request.ImageDigest);
        if (!request.DryRun && !github.HasToken)
            throw new DeliveryStepException("GitHub", "no GitHub token", "set --github-token or GITHUB_TOKEN (--dry-run needs none)");

        var remoteUrl = await new Git(root).RemoteUrlAsync(request.Remote, ct)
            ?? throw new DeliveryStepException("origin", $"the checkout has no remote '{request.Remote}'", $"add it: git remote add {request.Remote} <url>");
        var git = github.Git(root, remoteUrl);
        var repository = request.Repository ?? GitHubRepository.FromRemoteUrl(remoteUrl);
        if (!request.DryRun && repository is null)
            throw new DeliveryStepException("GitHub", $"cannot tell the GitHub repository from {request.Remote}'s URL ({remoteUrl})", "pass --repository owner/name");

        var dirty = await git.ChangedTrackedFilesAsync(ct);
        if (dirty.Count > 0)
            throw new DeliveryStepException("checkout", $"the working tree has uncommitted changes ({Few(dirty)})", "commit or stash them, then re-run");

        var branch = ReleaseNames.Branch(version);
        var remote = await OriginSnapshot.ReadAsync(git, request.Remote, branch, [$"refs/tags/{version.GitTag}"], offline: request.DryRun, _log, ct);
        var tagCommit = await git.ResolveCommitAsync($"refs/tags/{version.GitTag}", ct)
            ?? remote.Refs.GetValueOrDefault($"refs/tags/{version.GitTag}")
            ?? throw new DeliveryStepException("tag", $"git tag {version.GitTag} exists neither in the checkout nor on {request.Remote}",
                $"tag the commit the image is built from and push it (git tag {version.GitTag} <commit> && git push {request.Remote} {version.GitTag}), then re-run");
        _log.Information("{Tag} is commit {Commit}; {Remote}/{Branch} is at {Base}", version.GitTag, Short(tagCommit), request.Remote, remote.DefaultBranch, Short(remote.BaseCommit));

        GitHubPullRequests? pulls = null;
        PullRequestInfo? open = null;
        if (!request.DryRun)
        {
            pulls = github.PullRequests(repository!);
            var existing = await GitHubFailure.GuardAsync(() => ExistingPullRequestsAsync(pulls, branch, remote.DefaultBranch),
                "GitHub", "reading the repository and its pull requests", "contents: write and pull-requests: write", github.ApiUrl);
            open = existing.FirstOrDefault(p => p.Open);
            if (open is null && existing.FirstOrDefault(p => p.Merged) is { } merged)
                return new ReleaseOutcome(ReleaseResult.AlreadyMerged,
                    $"{version.GitTag} is already released: pull request #{merged.Number} was merged {merged.MergedAt:yyyy-MM-dd HH:mm} UTC (merge commit {Short(merged.MergeCommitSha)}) — nothing to do")
                { PullRequest = merged };
        }

        await using var worktree = await TemporaryWorktree.CreateAsync(git, remote.BaseCommit, ct);
        var policy = LoadPolicy(worktree.Path);
        CheckImageRepository(policy, repository);

        var plan = Edit(() => EnvironmentTagEdits.Plan(worktree.Path, policy, EnvironmentTagEdits.Release, version.ImageTag));
        if (plan.All(c => !c.Changed))
            return new ReleaseOutcome(ReleaseResult.NothingToRelease,
                $"dev and staging on {remote.DefaultBranch} already run {version.ImageTag} — nothing to release"
                + (open is null ? "" : $" (pull request #{open.Number} is still open: close it)")) { Changes = plan };

        var changes = Edit(() => EnvironmentTagEdits.Apply(worktree.Path, policy, EnvironmentTagEdits.Release, version.ImageTag));
        await CheckOnlyTheseFilesChangedAsync(worktree.Git, changes, ct);
        var diff = await worktree.Git.OutputAsync(["diff", "--no-color", "--no-ext-diff"], ct);
        foreach (var change in changes)
            _log.Information("{File}: image.tag {Old} → {New}", change.File, change.OldTag, change.NewTag);

        var report = await gate(worktree.Path, ct);
        foreach (var line in ValidationReportTable.Format(report).Split('\n'))
            _log.Information("{Line}", line);
        var reports = await ValidationReportFiles.WriteAsync(report, root, request.StepSummaryPath, ct);
        if (!report.Passed)
            throw new DeliveryStepException("gate", $"{report.Count(CheckStatus.Failed)} validation checks failed on the release tree ({string.Join(", ", report.Failures.Select(f => f.Name))}); nothing was pushed",
                $"see the table above or {Path.GetRelativePath(root, reports[0])}, fix {remote.DefaultBranch}, then re-run");

        var production = Edit(() => EnvironmentTagEdits.Plan(worktree.Path, policy, EnvironmentTagEdits.Promote, version.ImageTag))[0];
        var actor = request.Run?.Actor ?? NonEmpty(await git.ConfigValueAsync("user.name", ct)) ?? Environment.UserName;
        var imageRepository = policy.Image.Repository;
        ReleaseBodyModel Model(string? commit) => new(version, imageRepository, request.ImageDigest, tagCommit, commit, remote.DefaultBranch,
            changes, production, report, request.Run, actor);
        var title = ReleaseNames.Title(version);

        if (request.DryRun)
        {
            var body = ReleaseBody.Render(Model(null));
            foreach (var line in diff.Split('\n')) _log.Information("{Diff}", line);
            _log.Information("Pull request title: {Title}", title);
            foreach (var line in body.Split('\n')) _log.Information("│ {Body}", line);
            return new ReleaseOutcome(ReleaseResult.DryRun,
                $"dry run: would push {branch} and open \"{title}\" ({string.Join(", ", changes.Where(c => c.Changed).Select(c => c.File))}) — nothing pushed or opened")
            { Changes = changes, Diff = diff, Title = title, Body = body, Gate = report };
        }

        await worktree.Git.OutputAsync(["add", "--", .. changes.Select(c => c.File)], ct);
        var commit = await worktree.Git.CommitAsync(ReleaseNames.CommitMessage(version), ct);
        var head = await new BranchPublisher(_log).PushAsync(worktree.Git, remote, commit, ct);
        var finalBody = ReleaseBody.Render(Model(head));

        var upsert = await GitHubFailure.GuardAsync(() => pulls!.CreateOrUpdateAsync(branch, remote.DefaultBranch, title, finalBody), "pull request",
            open is null ? "creating the pull request" : $"updating pull request #{open.Number}", "pull-requests: write", github.ApiUrl,
            $"; {branch} is pushed ({Short(head)}) without a pull request — the re-run opens it");
        var pr = upsert.PullRequest;
        return new ReleaseOutcome(upsert.Created ? ReleaseResult.Opened : ReleaseResult.Updated,
            $"{(upsert.Created ? "opened" : "updated")} pull request #{pr.Number} {pr.Url} — \"{title}\"; merge it to release {version.GitTag} to dev and staging")
        { Changes = changes, Diff = diff, Title = title, Body = finalBody, Gate = report, PullRequest = pr, ReleaseCommit = head };
    }

    private static async Task<IReadOnlyList<PullRequestInfo>> ExistingPullRequestsAsync(GitHubPullRequests pulls, string branch, string baseBranch)
    {
        var repository = await pulls.GetRepositoryAsync();
        if (!repository.CanPush)
            throw new DeliveryStepException("GitHub", $"the token cannot push to {repository.FullName}", "use a token with contents: write on the repository");
        return await pulls.ListAsync(branch, baseBranch);
    }

    private static async Task CheckOnlyTheseFilesChangedAsync(Git worktree, IReadOnlyList<ImageTagChange> changes, CancellationToken ct)
    {
        var changed = (await worktree.ChangedTrackedFilesAsync(ct)).Order(StringComparer.Ordinal).ToList();
        var expected = changes.Where(c => c.Changed).Select(c => c.File).Order(StringComparer.Ordinal).ToList();
        if (!changed.SequenceEqual(expected))
            throw new DeliveryStepException("edit", $"the tag edit changed {Few(changed)} where only {Few(expected)} should change", "report this as a bug; nothing was pushed");
    }

    private static EnvironmentPolicy LoadPolicy(string tree)
    {
        try
        {
            return EnvironmentPolicyLoader.Load(tree);
        }
        catch (InvalidDataException e)
        {
            throw new DeliveryStepException("policy", e.Message, $"fix {EnvironmentPolicy.RelativePath} on the default branch, then re-run");
        }
    }

    private static void CheckImageRepository(EnvironmentPolicy policy, GitHubRepository? repository)
    {
        if (repository is null) return;
        var pushed = ReleaseNames.ImageRepositoryFor(repository);
        if (!string.Equals(pushed, policy.Image.Repository, StringComparison.Ordinal))
            throw new DeliveryStepException("image", $"release.yml pushes {pushed} for {repository}, but the values files pull {policy.Image.Repository} ({EnvironmentPolicy.RelativePath})",
                "release from the repository that owns the image, or change image.repository in the policy and values files");
    }

    private static void CheckImageDigest(string? digest)
    {
        if (digest is null || System.Text.RegularExpressions.Regex.IsMatch(digest, "^sha256:[0-9a-f]{64}$")) return;
        throw new DeliveryStepException("image", $"--image-digest '{digest}' is not a digest", "pass sha256:<64 hex digits> (docker/build-push-action's digest output)");
    }

    private static T Edit<T>(Func<T> edit)
    {
        try
        {
            return edit();
        }
        catch (ImageTagEditException e)
        {
            throw new DeliveryStepException("edit", e.Message, "fix the values file on the default branch, then re-run (nothing was pushed)");
        }
    }

    private static string Short(string? sha) => sha is { Length: >= 12 } ? sha[..12] : sha ?? "?";

    private static string Few(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? "nothing" : string.Join(", ", items.Take(3)) + (items.Count > 3 ? $" and {items.Count - 3} more" : "");

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;
}
