using LogForge.Delivery.Changes;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Process;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Release;

/// <summary>Runs the offline validation gate on a tree (the release's scratch tree) and returns its report.</summary>
public delegate Task<ValidationReport> TreeGate(string treeRoot, CancellationToken ct);

/// <summary>
/// Release: one pull request that moves dev and staging to a version, validated before it opens.
/// State-driven, so a re-run continues where the last one stopped: a merged pull request or a default
/// branch already on the version end the run (exit 0); an open pull request is reused and refreshed; a
/// branch pushed without a pull request gets one. The edit, the gate and the commit happen in a
/// <see cref="ScratchTree"/> of origin's default branch (a temporary folder and index; the commit is made
/// with git's plumbing), so on any failure the checkout is exactly as it was (same branch, clean, no new
/// local branch, no worktree); only a pushed branch can outlive a failure, and the failure says so.
/// </summary>
public sealed class ReleaseFlow(GitHubAccess github, TreeGate gate, ILogger? log = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<ReleaseFlow>();
    private GitHubTokenKind _kind = github.TokenKind;

    public async Task<ReleaseOutcome> RunAsync(ReleaseRequest request, CancellationToken ct = default)
    {
        try
        {
            return await RunStepsAsync(request, ct);
        }
        catch (ProcessFailedException e)
        {
            throw FlowFailures.FromGit(e);
        }
    }

    /// <summary>What the checks before any change established.</summary>
    private sealed record Checked(ReleaseRequest Request, GitCli Git, GitHubRepository? Repository, OriginSnapshot Origin, string TagCommit);

    /// <summary>The edited, gated tree: ready to show (--dry-run) or to commit.</summary>
    private sealed record Prepared(IReadOnlyList<ImageTagChange> Changes, string Tree, string Diff, ValidationReport Gate, Func<string?, string> Body);

    private async Task<ReleaseOutcome> RunStepsAsync(ReleaseRequest request, CancellationToken ct)
    {
        var state = await CheckAsync(request, ct);
        var branch = state.Origin.Branch;
        GitHubPullRequests? pulls = null;
        PullRequestInfo? open = null;
        if (!request.DryRun)
        {
            pulls = github.PullRequests(state.Repository!);
            var existing = await GitHubFailure.GuardAsync(() => ExistingPullRequestsAsync(pulls, branch, state.Origin.DefaultBranch),
                "GitHub", "reading the repository and its pull requests", "contents: write and pull-requests: write", github.ApiUrl, ct, kind: _kind);
            open = existing.FirstOrDefault(p => p.Open);
            if (open is null && existing.FirstOrDefault(p => p.Merged) is { } merged)
                return new ReleaseOutcome(ReleaseResult.AlreadyMerged,
                    $"{request.Version.GitTag} is already released: pull request #{merged.Number} was merged {merged.MergedAt:yyyy-MM-dd HH:mm} UTC (merge commit {Short(merged.MergeCommitSha)}) — nothing to do")
                { PullRequest = merged };
        }

        await using var scratch = await ScratchTree.CreateAsync(state.Git, state.Origin.BaseCommit, ScratchTree.GatedPaths, ct);
        var policy = LoadPolicy(scratch.Path);
        CheckImageRepository(policy, state.Repository);
        var plan = Edit(() => EnvironmentTagEdits.Plan(scratch.Path, policy, EnvironmentTagEdits.Release, request.Version.ImageTag));
        if (plan.All(c => !c.Changed))
            return new ReleaseOutcome(ReleaseResult.NothingToRelease,
                $"dev and staging on {state.Origin.DefaultBranch} already run {request.Version.ImageTag} — nothing to release"
                + (open is null ? "" : $" (pull request #{open.Number} is still open: close it)")) { Changes = plan };

        var prepared = await PrepareAsync(state, scratch, policy, ct);
        return request.DryRun ? Show(state, prepared) : await PublishAsync(state, prepared, scratch, pulls!, open, ct);
    }

    /// <summary>Everything refused before any change: token, remote, repository, a clean tree, origin's state, the tag.</summary>
    private async Task<Checked> CheckAsync(ReleaseRequest request, CancellationToken ct)
    {
        var version = request.Version;
        CheckImageDigest(request.ImageDigest);
        var (git, _, repository) = await FlowCheckout.OpenAsync(github, request.CheckoutRoot, request.Remote, request.Repository, request.DryRun, ct);

        var dirty = await git.ChangedTrackedFilesAsync(ct);
        if (dirty.Count > 0)
            throw new DeliveryStepException("checkout", $"the working tree has uncommitted changes ({Few(dirty)})", "commit or stash them, then re-run");

        var origin = await OriginSnapshot.ReadAsync(git, request.Remote, ReleaseNames.Branch(version), [$"refs/tags/{version.GitTag}"], offline: request.DryRun, _log, ct);
        var tagCommit = await git.ResolveCommitAsync($"refs/tags/{version.GitTag}", ct)
            ?? origin.Refs.GetValueOrDefault($"refs/tags/{version.GitTag}")
            ?? throw new DeliveryStepException("tag", $"git tag {version.GitTag} exists neither in the checkout nor on {request.Remote}",
                $"tag the commit the image is built from and push it (git tag {version.GitTag} <commit> && git push {request.Remote} {version.GitTag}), then re-run");
        _log.Information("{Tag} is commit {Commit}; {Remote}/{Branch} is at {Base}", version.GitTag, Short(tagCommit), request.Remote, origin.DefaultBranch, Short(origin.BaseCommit));
        return new Checked(request, git, repository, origin, tagCommit);
    }

    /// <summary>The tag edit in the scratch tree (exactly its files change), then the gate on that tree; a failing gate stops here.</summary>
    private async Task<Prepared> PrepareAsync(Checked state, ScratchTree scratch, EnvironmentPolicy policy, CancellationToken ct)
    {
        var (request, version) = (state.Request, state.Request.Version);
        var changes = Edit(() => EnvironmentTagEdits.Apply(scratch.Path, policy, EnvironmentTagEdits.Release, version.ImageTag));
        var tree = await scratch.WriteTreeAsync(changes.Where(c => c.Changed).Select(c => c.File).ToList(), ct);
        CheckOnlyTheseFilesChanged(await scratch.ChangedFilesAsync(tree, ct), changes);
        var diff = await scratch.DiffAsync(tree, ct);
        foreach (var change in changes)
            _log.Information("{File}: image.tag {Old} → {New}", change.File, change.OldTag, change.NewTag);

        var report = await gate(scratch.Path, ct);
        foreach (var line in ValidationReportTable.Format(report).Split('\n'))
            _log.Information("{Line}", line);
        var reports = await ValidationReportFiles.WriteAsync(report, request.CheckoutRoot, request.StepSummaryPath, ct);
        if (!report.Passed)
            throw new DeliveryStepException("gate", $"{report.Count(CheckStatus.Failed)} validation checks failed on the release tree ({string.Join(", ", report.Failures.Select(f => f.Name))}); nothing was pushed",
                $"see the table above or {Path.GetRelativePath(request.CheckoutRoot, reports[0])}, fix {state.Origin.DefaultBranch}, then re-run");

        var production = Edit(() => EnvironmentTagEdits.Plan(scratch.Path, policy, EnvironmentTagEdits.Promote, version.ImageTag))[0];
        var actor = request.Run?.Actor ?? NonEmpty(await state.Git.ConfigValueAsync("user.name", ct)) ?? Environment.UserName;
        return new Prepared(changes, tree, diff, report, commit => ReleaseBody.Render(new ReleaseBodyModel(version, policy.Image.Repository, request.ImageDigest,
            state.TagCommit, commit, state.Origin.DefaultBranch, changes, production, report, request.Run, actor)));
    }

    /// <summary>--dry-run: the diff, the title and the body; nothing pushed or opened.</summary>
    private ReleaseOutcome Show(Checked state, Prepared prepared)
    {
        var title = ReleaseNames.Title(state.Request.Version);
        var body = prepared.Body(null);
        foreach (var line in prepared.Diff.Split('\n')) _log.Information("{Diff}", line);
        _log.Information("Pull request title: {Title}", title);
        foreach (var line in body.Split('\n')) _log.Information("│ {Body}", line);
        return new ReleaseOutcome(ReleaseResult.DryRun,
            $"dry run: would push {state.Origin.Branch} and open \"{title}\" ({string.Join(", ", prepared.Changes.Where(c => c.Changed).Select(c => c.File))}) — nothing pushed or opened")
        { Changes = prepared.Changes, Diff = prepared.Diff, Title = title, Body = body, Gate = prepared.Gate };
    }

    /// <summary>One commit, pushed with a lease to release/vX, and the one pull request opened or refreshed.</summary>
    private async Task<ReleaseOutcome> PublishAsync(Checked state, Prepared prepared, ScratchTree scratch, GitHubPullRequests pulls, PullRequestInfo? open, CancellationToken ct)
    {
        var (version, branch, baseBranch) = (state.Request.Version, state.Origin.Branch, state.Origin.DefaultBranch);
        var title = ReleaseNames.Title(version);
        var commit = await scratch.CommitAsync(prepared.Tree, ReleaseNames.CommitMessage(version), ct);
        var head = await new BranchPublisher(_log, _kind).PushAsync(state.Git, state.Origin, commit, ct);
        var body = prepared.Body(head);

        var upsert = await GitHubFailure.GuardAsync(() => pulls.CreateOrUpdateAsync(branch, baseBranch, title, body), "pull request",
            open is null ? "creating the pull request" : $"updating pull request #{open.Number}", "pull-requests: write", github.ApiUrl, ct,
            $"; {branch} is pushed ({Short(head)}) without a pull request — the re-run opens it", _kind);
        var pr = upsert.PullRequest;
        return new ReleaseOutcome(upsert.Created ? ReleaseResult.Opened : ReleaseResult.Updated,
            $"{(upsert.Created ? "opened" : "updated")} pull request #{pr.Number} {pr.Url} — \"{title}\"; merge it to release {version.GitTag} to dev and staging")
        { Changes = prepared.Changes, Diff = prepared.Diff, Title = title, Body = body, Gate = prepared.Gate, PullRequest = pr, ReleaseCommit = head };
    }

    /// <summary>The preflight (it may warn, never refuse a token whose rights it cannot read), then the pull requests of the branch.</summary>
    private async Task<IReadOnlyList<PullRequestInfo>> ExistingPullRequestsAsync(GitHubPullRequests pulls, string branch, string baseBranch)
    {
        (_, _kind) = await TokenPreflight.CheckAsync(pulls, _kind, _log);
        return await pulls.ListAsync(branch, baseBranch);
    }

    private static void CheckOnlyTheseFilesChanged(IReadOnlyList<string> changedFiles, IReadOnlyList<ImageTagChange> changes)
    {
        var changed = changedFiles.Order(StringComparer.Ordinal).ToList();
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

    private static T Edit<T>(Func<T> edit) => FlowFailures.Edit(edit);

    private static string Short(string? sha) => FlowFailures.Short(sha);

    private static string Few(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? "nothing" : string.Join(", ", items.Take(3)) + (items.Count > 3 ? $" and {items.Count - 3} more" : "");

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;
}
