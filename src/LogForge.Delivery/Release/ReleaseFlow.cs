using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Process;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Release;

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
                    $"{request.Version.GitTag} is already released: pull request #{merged.Number} was merged {merged.MergedAt:yyyy-MM-dd HH:mm} " +
                        $"UTC (merge commit {Short(merged.MergeCommitSha)}) — nothing to do")
                { PullRequest = merged };
        }

        await using var proposal = await ChangeProposal.OpenAsync(state.Git, state.Origin, github, _log, ct);
        var policy = LoadPolicy(proposal.TreeRoot);
        CheckImageRepository(policy, state.Repository);
        var pin = new ImagePin(request.Version.ImageTag, request.ImageDigest);
        if (pin.Digest is null)
            _log.Warning("No --image-digest: dev and staging pin the tag {Tag} only (a digest they carried is removed), so a re-pushed tag " +
                "would change what they run; release.yml passes build-push-action's digest", pin.Tag);
        var plan = Edit(() => EnvironmentTagEdits.Plan(proposal.TreeRoot, policy, EnvironmentTagEdits.Release, pin));
        if (plan.All(c => !c.Changed))
            return new ReleaseOutcome(ReleaseResult.NothingToRelease,
                $"dev and staging on {state.Origin.DefaultBranch} already run {pin} — nothing to release"
                + (open is null ? "" : $" (pull request #{open.Number} is still open: close it)")) { Changes = plan };

        var edited = await proposal.EditAndGateAsync(tree => EnvironmentTagEdits.Apply(tree, policy, EnvironmentTagEdits.Release, pin),
            gate, request.CheckoutRoot, request.StepSummaryPath, (report, files) => GateRefusal(state, report, files), ct);
        var body = await BodyAsync(state, proposal, policy, edited, ct);
        return request.DryRun ? Show(state, proposal, edited, body) : await PublishAsync(state, proposal, edited, body, pulls!, open, ct);
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

        var origin = await OriginSnapshot.ReadAsync(git, request.Remote, ReleaseNames.Branch(version), [$"refs/tags/{version.GitTag}"],
            offline: request.DryRun, _log, ct);
        var tagCommit = await git.ResolveCommitAsync($"refs/tags/{version.GitTag}", ct)
            ?? origin.Refs.GetValueOrDefault($"refs/tags/{version.GitTag}")
            ?? throw new DeliveryStepException("tag", $"git tag {version.GitTag} exists neither in the checkout nor on {request.Remote}",
                $"tag the commit the image is built from and push it (git tag {version.GitTag} <commit> && git push {request.Remote} " +
                    $"{version.GitTag}), then re-run");
        _log.Information("{Tag} is commit {Commit}; {Remote}/{Branch} is at {Base}", version.GitTag, Short(tagCommit), request.Remote,
            origin.DefaultBranch, Short(origin.BaseCommit));
        return new Checked(request, git, repository, origin, tagCommit);
    }

    private static DeliveryStepException GateRefusal(Checked state, ValidationReport report, IReadOnlyList<string> files) =>
        new("gate", $"{report.Count(CheckStatus.Failed)} validation checks failed on the release tree ({string.Join(", ", report.FailedNames)}); " +
            "nothing was pushed",
            $"see the table above or {Path.GetRelativePath(state.Request.CheckoutRoot, files[0])}, fix {state.Origin.DefaultBranch}, then re-run");

    /// <summary>The pull request's body, given the release commit once it is pushed (null in a dry run).</summary>
    private async Task<Func<string?, string>> BodyAsync(Checked state, ChangeProposal proposal, EnvironmentPolicy policy, EditedTree edited,
        CancellationToken ct)
    {
        var (request, version) = (state.Request, state.Request.Version);
        var production = Edit(() => EnvironmentTagEdits.Plan(proposal.TreeRoot, policy, EnvironmentTagEdits.Promote,
            new ImagePin(version.ImageTag, request.ImageDigest)))[0];
        var actor = request.Run?.Actor ?? NonEmpty(await state.Git.ConfigValueAsync("user.name", ct)) ?? Environment.UserName;
        return commit => ReleaseBody.Render(new ReleaseBodyModel(version, policy.Image.Repository, request.ImageDigest,
            state.TagCommit, commit, state.Origin.DefaultBranch, edited.Changes, production, edited.Gate, request.Run, actor));
    }

    /// <summary>--dry-run: the diff, the title and the body; nothing pushed or opened.</summary>
    private static ReleaseOutcome Show(Checked state, ChangeProposal proposal, EditedTree edited, Func<string?, string> body)
    {
        var title = ReleaseNames.Title(state.Request.Version);
        var text = body(null);
        proposal.Show(edited, title, text);
        var files = string.Join(", ", edited.Changes.Where(c => c.Changed).Select(c => c.File));
        return new ReleaseOutcome(ReleaseResult.DryRun, $"dry run: would push {state.Origin.Branch} and open \"{title}\" ({files}) — nothing pushed or opened")
        { Changes = edited.Changes, Diff = edited.Diff, Title = title, Body = text, Gate = edited.Gate };
    }

    /// <summary>One commit, pushed with a lease to release/vX, and the one pull request opened or refreshed.</summary>
    private async Task<ReleaseOutcome> PublishAsync(Checked state, ChangeProposal proposal, EditedTree edited, Func<string?, string> body,
        GitHubPullRequests pulls, PullRequestInfo? open, CancellationToken ct)
    {
        var version = state.Request.Version;
        var title = ReleaseNames.Title(version);
        var published = await proposal.PublishAsync(edited, ReleaseNames.CommitMessage(version), title, head => body(head), pulls, open, _kind, ct);
        var pr = published.PullRequest;
        return new ReleaseOutcome(published.Created ? ReleaseResult.Opened : ReleaseResult.Updated,
            $"{(published.Created ? "opened" : "updated")} pull request #{pr.Number} {pr.Url} — \"{title}\"; merge it to release {version.GitTag} " +
                "to dev and staging")
        { Changes = edited.Changes, Diff = edited.Diff, Title = title, Body = published.Body, Gate = edited.Gate, PullRequest = pr,
            ReleaseCommit = published.Head };
    }

    /// <summary>The preflight (it may warn, never refuse a token whose rights it cannot read), then the pull requests of the branch.</summary>
    private async Task<IReadOnlyList<PullRequestInfo>> ExistingPullRequestsAsync(GitHubPullRequests pulls, string branch, string baseBranch)
    {
        (_, _kind) = await TokenPreflight.CheckAsync(pulls, _kind, _log);
        return await pulls.ListAsync(branch, baseBranch);
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
            throw new DeliveryStepException("image",
                $"release.yml pushes {pushed} for {repository}, but the values files pull {policy.Image.Repository} ({EnvironmentPolicy.RelativePath})",
                "release from the repository that owns the image, or change image.repository in the policy and values files");
    }

    private static void CheckImageDigest(string? digest)
    {
        if (digest is null || ImagePin.IsDigest(digest)) return;
        throw new DeliveryStepException("image", $"--image-digest '{digest}' is not a digest",
            "pass sha256:<64 hex digits> (docker/build-push-action's digest output)");
    }

    private static T Edit<T>(Func<T> edit) => FlowFailures.Edit(edit);

    private static string Short(string? sha) => FlowFailures.Short(sha);

    private static string Few(IReadOnlyCollection<string> items) => FlowFailures.Few(items);

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;
}
