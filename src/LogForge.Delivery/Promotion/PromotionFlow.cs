using LogForge.Delivery.Changes;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Process;
using LogForge.Delivery.Release;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>
/// Promote and Rollback, driven by where the promotion stands, so the same command continues it:
/// production's values on the default branch not yet at the version → the gate (for Promote: the tag,
/// staging's values, staging Synced and Healthy at a revision carrying the version, staging's smoke test,
/// parity as production would be) and ONE pull request changing only production's values; open → say so
/// (or wait for the merge); merged → the manual sync of logforge-production at the merge commit, waited
/// for, then /version checked; already synced at the version → verified and said so. Like Release it
/// never touches the checkout (the edit happens in a <see cref="ScratchTree"/>), and a refused gate
/// changes nothing anywhere. <paramref name="time"/>: the clock of --wait-for-merge (default: the system's).
/// </summary>
public sealed class PromotionFlow(GitHubAccess github, TreeGate gate, IProductionCluster? cluster, ILogger? log = null, TimeProvider? time = null)
{
    public const string Production = "production";
    public const string Staging = "staging";

    private readonly ILogger _log = log ?? Log.ForContext<PromotionFlow>();

    public async Task<PromotionOutcome> RunAsync(PromotionRequest request, CancellationToken ct = default)
    {
        try
        {
            return await RunStepsAsync(request, ct);
        }
        catch (ProcessFailedException e)
        {
            throw FlowFailures.FromGit(e);
        }
        catch (ClusterException e)
        {
            throw new DeliveryStepException("cluster", e.Message.Split(" — ")[0], e.Message.Contains(" — ", StringComparison.Ordinal) ? e.Message[(e.Message.IndexOf(" — ", StringComparison.Ordinal) + 3)..] : "fix the cluster, then re-run", e);
        }
    }

    /// <summary>What the first look established: git, GitHub, origin, the policy, production's values and their history.</summary>
    private sealed record Context(PromotionRequest Request, ReleaseVersion Version, GitCli Git, GitHubRepository? Repository, OriginSnapshot Origin,
        EnvironmentPolicy Policy, string ProductionFile, IReadOnlyList<ImageTagRevision> ProductionHistory, string Actor, string RunId)
    {
        public string CurrentProduction => ProductionHistory.Count > 0 ? ProductionHistory[0].Tag : "(unknown)";
    }

    private async Task<PromotionOutcome> RunStepsAsync(PromotionRequest request, CancellationToken ct)
    {
        var context = await LookAsync(request, ct);
        if (context.CurrentProduction == context.Version.ImageTag)
            return await FinishAsync(context, ct);
        return await ProposeAsync(context, ct);
    }

    private async Task<Context> LookAsync(PromotionRequest request, CancellationToken ct)
    {
        var (git, _, repository) = await FlowCheckout.OpenAsync(github, request.CheckoutRoot, request.Remote, request.Repository, request.DryRun, ct);

        // The branch depends on the version, which a Rollback may read from production's history: look at origin first.
        var provisional = request.Version ?? ReleaseVersion.Parse("v0.0.0");
        var origin = await OriginSnapshot.ReadAsync(git, request.Remote, PromotionNames.Branch(request.Kind, provisional), [], offline: request.DryRun, _log, ct);
        var policy = await PolicyAtAsync(git, origin.BaseCommit, ct);
        var productionFile = policy.ValuesFileFor(Production);
        var history = await ImageTagHistory.ReadAsync(git, origin.BaseCommit, productionFile, ct);
        var version = request.Version ?? await RollbackDefaultAsync(git, history, productionFile, ct);
        if (request.Kind == PromotionKind.Rollback)
            CheckWasInProduction(version, history, productionFile, request.Force);

        var tags = request.Kind == PromotionKind.Promote ? new[] { $"refs/tags/{version.GitTag}" } : [];
        origin = await OriginSnapshot.ReadAsync(git, request.Remote, PromotionNames.Branch(request.Kind, version), tags, offline: request.DryRun, _log, ct);
        if (request.Kind == PromotionKind.Promote
            && await git.ResolveCommitAsync($"refs/tags/{version.GitTag}", ct) is null && !origin.Refs.ContainsKey($"refs/tags/{version.GitTag}"))
            throw new DeliveryStepException("tag", $"git tag {version.GitTag} exists neither in the checkout nor on {request.Remote}",
                $"release {version.GitTag} first (tag it and push the tag; release.yml opens the dev + staging pull request)");

        var actor = request.Run?.Actor ?? NonEmpty(await git.ConfigValueAsync("user.name", ct)) ?? Environment.UserName;
        _log.Information("{Remote}/{Branch} is at {Commit}; production runs {Current} there ({File})", request.Remote, origin.DefaultBranch, Short(origin.BaseCommit), history.Count > 0 ? history[0].Tag : "?", productionFile);
        return new Context(request, version, git, repository, origin, policy, productionFile, history, actor, PromotionNames.RunId(request.Run));
    }

    // ── Not merged yet: the gate, then ONE pull request changing production's values only ─────────────────────────────

    private async Task<PromotionOutcome> ProposeAsync(Context c, CancellationToken ct)
    {
        var (request, version, origin) = (c.Request, c.Version, c.Origin);
        GitHubPullRequests? pulls = null;
        PullRequestInfo? open = null;
        if (!request.DryRun)
        {
            pulls = github.PullRequests(c.Repository!);
            var existing = await GitHubFailure.GuardAsync(() => pulls.ListAsync(origin.Branch, origin.DefaultBranch),
                "GitHub", "reading the pull requests", "contents: write and pull-requests: write", github.ApiUrl, ct);
            open = existing.FirstOrDefault(p => p.Open);
        }

        var evidence = request.Kind == PromotionKind.Promote ? await StagingGateAsync(c, ct) : new StagingEvidence(null, null, null);

        await using var scratch = await ScratchTree.CreateAsync(c.Git, origin.BaseCommit, ScratchTree.GatedPaths, ct);
        var change = Edit(() => EnvironmentTagEdits.Apply(scratch.Path, c.Policy, EnvironmentTagEdits.Promote, version.ImageTag)).Single();
        var tree = await scratch.WriteTreeAsync([change.File], ct);
        var changed = await scratch.ChangedFilesAsync(tree, ct);
        if (!changed.SequenceEqual([change.File]))
            throw new DeliveryStepException("edit", $"the tag edit changed {string.Join(", ", changed)} where only {change.File} should change", "report this as a bug; nothing was pushed");
        var diff = await scratch.DiffAsync(tree, ct);
        _log.Information("{File}: image.tag {Old} → {New}", change.File, change.OldTag, change.NewTag);

        var report = await gate(scratch.Path, ct);
        foreach (var line in ValidationReportTable.Format(report).Split('\n')) _log.Information("{Line}", line);
        var reports = await ValidationReportFiles.WriteAsync(report, request.CheckoutRoot, request.StepSummaryPath, ct);
        if (!report.Passed)
            throw new DeliveryStepException("gate", $"{report.Count(CheckStatus.Failed)} validation checks failed with production at {version.ImageTag} ({string.Join(", ", report.Failures.Select(f => f.Name))}); nothing was pushed",
                $"see the table above or {Path.GetRelativePath(request.CheckoutRoot, reports[0])}");

        var title = PromotionNames.Title(request.Kind, version, request.Reason);
        var body = PromotionBody.Render(new PromotionBodyModel(request.Kind, version, c.Policy.Image.Repository, change, origin.DefaultBranch,
            evidence.Staging, evidence.Smoke, evidence.Note, report, c.ProductionHistory, request.Reason, request.Run, c.Actor));
        if (request.DryRun)
        {
            foreach (var line in diff.Split('\n')) _log.Information("{Diff}", line);
            _log.Information("Pull request title: {Title}", title);
            foreach (var line in body.Split('\n')) _log.Information("│ {Body}", line);
            return new PromotionOutcome(PromotionResult.DryRun, $"dry run: would push {origin.Branch} and open \"{title}\" (only {change.File}) — nothing pushed or opened")
                { Diff = diff, Title = title, Body = body };
        }

        var commit = await scratch.CommitAsync(tree, PromotionNames.CommitMessage(request.Kind, version), ct);
        var head = await new BranchPublisher(_log, github.TokenKind).PushAsync(c.Git, origin, commit, ct);
        var upsert = await GitHubFailure.GuardAsync(() => pulls!.CreateOrUpdateAsync(origin.Branch, origin.DefaultBranch, title, body), "pull request",
            open is null ? "creating the pull request" : $"updating pull request #{open.Number}", "pull-requests: write", github.ApiUrl, ct,
            $"; {origin.Branch} is pushed ({Short(head)}) without a pull request — the re-run opens it", github.TokenKind);
        var pr = upsert.PullRequest;
        var again = request.Kind == PromotionKind.Promote ? $"./build.sh Promote --version {version.GitTag}" : $"./build.sh Rollback --version {version.GitTag}";
        if (!request.WaitForMerge)
            return new PromotionOutcome(PromotionResult.AwaitingMerge, upsert.Created
                    ? $"opened pull request #{pr.Number} {pr.Url} — merge PR #{pr.Number}, then run the same command again ({again})"
                    : $"pull request #{pr.Number} {pr.Url} is open, not merged yet — merge PR #{pr.Number}, then run the same command again ({again})")
                { PullRequest = pr, Diff = diff, Title = title, Body = body };

        await new MergeWait(pulls!, github.ApiUrl, _log, time).UntilMergedAsync(pr, request.WaitTimeout, ct);
        return await RunStepsAsync(request with { WaitForMerge = false }, ct);
    }

    private sealed record StagingEvidence(ApplicationEvidence? Staging, SmokeReport? Smoke, string? Note);

    /// <summary>Promote's refusals before any change: staging's values carry the version on the default branch; with a cluster, staging
    /// is Synced and Healthy at a revision whose staging values carry it, and its smoke test passes now.</summary>
    private async Task<StagingEvidence> StagingGateAsync(Context c, CancellationToken ct)
    {
        var (version, stagingFile) = (c.Version, c.Policy.ValuesFileFor(Staging));
        var stagingTag = await TagAtAsync(c.Git, c.Origin.BaseCommit, stagingFile, ct);
        if (stagingTag != version.ImageTag)
            throw new DeliveryStepException("staging", $"staging runs {stagingTag} on {c.Origin.DefaultBranch} ({stagingFile}), not {version.ImageTag}",
                $"release it first: merge the pull request of ./build.sh Release --version {version.GitTag}, let staging sync, then promote");
        if (cluster is null)
        {
            var note = "No cluster was configured for this run: staging's sync, health and smoke test were not verified.";
            _log.Warning("{Note}", note);
            return new StagingEvidence(null, null, note);
        }

        var evidence = await cluster.EvidenceAsync(Staging, ct)
            ?? throw new DeliveryStepException("staging", $"{c.Policy.ApplicationNameFor(Staging)} does not exist in {cluster.Description}", "run ./build.sh ApplyArgo, then promote");
        if (evidence.Sync != "Synced" || evidence.Health != "Healthy")
            throw new DeliveryStepException("staging", $"{evidence.Application} is {evidence.Sync}, {evidence.Health} (revision {Short(evidence.Revision)})",
                "wait for Argo CD to sync staging (or fix it), then promote");
        var deployedTag = evidence.Revision is null ? null : await TagAtAsync(c.Git, evidence.Revision, stagingFile, ct, missingOk: true);
        if (deployedTag != version.ImageTag)
            throw new DeliveryStepException("staging", $"{evidence.Application} runs revision {Short(evidence.Revision)}, whose {stagingFile} carries {deployedTag ?? "(a commit not on origin)"}, not {version.ImageTag}",
                "wait for Argo CD to sync staging to the release, then promote");

        var smoke = await cluster.SmokeAsync(Staging, version.ImageTag, readOnly: false, ct);
        await SmokeReportFiles.WriteAsync(smoke, c.Request.CheckoutRoot, c.Request.StepSummaryPath, ct);
        foreach (var line in SmokeReportTable.Format(smoke).Split('\n')) _log.Information("{Line}", line);
        if (!smoke.Passed)
            throw new DeliveryStepException("staging", $"staging's smoke test failed ({string.Join(", ", smoke.Failures.Select(f => f.Name))})",
                "see the table above or artifacts/smoke-staging.md; fix staging, then promote");
        return new StagingEvidence(evidence, smoke, null);
    }

    // ── Merged: the manual sync at the merge commit, then /version ──────────────────────────────────────────────────

    private async Task<PromotionOutcome> FinishAsync(Context c, CancellationToken ct)
    {
        var (request, version) = (c.Request, c.Version);
        var merged = await MergedPullRequestAsync(c, ct);
        var revision = merged?.MergeCommitSha ?? c.ProductionHistory[0].Commit;
        var source = merged is null ? $"commit {Short(revision)}" : $"pull request #{merged.Number} (merge commit {Short(revision)})";
        if (cluster is null)
        {
            if (request.DryRun)
                return new PromotionOutcome(PromotionResult.DryRun, $"dry run: production's values carry {version.ImageTag} since {source}; a run with a cluster syncs logforge-production to {Short(revision)} and checks /version");
            throw new DeliveryStepException("sync", $"production's values carry {version.ImageTag} since {source}, but no cluster is configured, so the manual sync cannot run",
                "pass --kube-context (or set KUBECONFIG) and run this again");
        }

        var state = await cluster.StateAsync(Production, ct)
            ?? throw new DeliveryStepException("sync", $"{c.Policy.ApplicationNameFor(Production)} does not exist in {cluster.Description}", "run ./build.sh ApplyArgo, then run this again");
        var deployedTag = state.Revision is null ? null : await TagAtAsync(c.Git, state.Revision, c.ProductionFile, ct, missingOk: true);
        var done = state is { Sync: "Synced", Health: "Healthy", OperationPending: false } && state.OperationPhase is not "Running" && deployedTag == version.ImageTag;
        if (request.DryRun)
            return new PromotionOutcome(PromotionResult.DryRun, done
                ? $"dry run: production already runs {version.ImageTag} (Synced, Healthy at {Short(state.Revision)}); a run verifies /version"
                : $"dry run: would sync logforge-production to {Short(revision)} ({source}) and check /version answers {version.ImageTag}");

        LogForge.Delivery.Cluster.Argo.SyncOutcome? sync = null;
        if (!done)
            sync = await cluster.SyncAsync(Production, revision, c.Actor, c.RunId, request.WaitTimeout, ct);
        var smoke = await cluster.SmokeAsync(Production, version.ImageTag, readOnly: true, ct);
        await SmokeReportFiles.WriteAsync(smoke, request.CheckoutRoot, request.StepSummaryPath, ct);
        foreach (var line in SmokeReportTable.Format(smoke).Split('\n')) _log.Information("{Line}", line);
        if (!smoke.Passed)
            throw new DeliveryStepException("verify", $"production {(done ? "is" : "was synced")} at {Short(done ? state.Revision : revision)} but its smoke check failed ({string.Join(", ", smoke.Failures.Select(f => f.Name))})",
                "see the table above or artifacts/smoke-production.md");

        var what = request.Kind == PromotionKind.Promote ? "promoted" : "rolled back";
        return done
            ? new PromotionOutcome(PromotionResult.AlreadyDone, $"production already runs {version.ImageTag}: {what} and verified (Synced, Healthy at {Short(state.Revision)}, /version {version.ImageTag}) — nothing to do") { PullRequest = merged, ProductionSmoke = smoke }
            : new PromotionOutcome(PromotionResult.Synced, $"{what} production to {version.ImageTag}: synced {Short(revision)} ({source}) in {sync!.Took.TotalSeconds:0.0}s, Synced and Healthy, /version {version.ImageTag}") { PullRequest = merged, Sync = sync, ProductionSmoke = smoke };
    }

    private async Task<PullRequestInfo?> MergedPullRequestAsync(Context c, CancellationToken ct)
    {
        if (c.Request.DryRun && !github.HasToken) return null;
        var pulls = github.PullRequests(c.Repository!);
        var all = await GitHubFailure.GuardAsync(() => pulls.ListAsync(c.Origin.Branch, c.Origin.DefaultBranch), "GitHub", "reading the pull requests",
            "pull-requests: read", github.ApiUrl, ct);
        return all.FirstOrDefault(p => p.Merged);
    }

    // ── Rollback's version ────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// The version before the one production runs, from the history of its values file (newest first). What runs is read
    /// from the cluster (the revision Argo CD synced) when there is one: after a rollback pull request is merged, main already
    /// names the older version while production still runs the newer one, and the re-run must continue that rollback.
    /// </summary>
    private async Task<ReleaseVersion> RollbackDefaultAsync(GitCli git, IReadOnlyList<ImageTagRevision> history, string file, CancellationToken ct)
    {
        var running = history.Count > 0 ? history[0].Tag : null;
        if (cluster is not null && await cluster.StateAsync(Production, ct) is { Revision: { } revision })
            running = await TagAtAsync(git, revision, file, ct, missingOk: true) ?? running;
        if (running is not null && history.Count > 0 && running != history[0].Tag)
            return Parse(history[0].Tag, "main's production tag"); // merged, not yet synced: continue it

        var index = history.ToList().FindIndex(h => h.Tag == running);
        if (index < 0 || index + 1 >= history.Count)
            throw new DeliveryStepException("version", $"the history of {file} holds no version before {running ?? "the current one"}", "pass --version vX");
        return Parse(history[index + 1].Tag, "the previous production tag");
    }

    private static ReleaseVersion Parse(string tag, string what) =>
        ReleaseVersion.TryParse(tag, out var version, out var problem)
            ? version!
            : throw new DeliveryStepException("version", $"{what} '{tag}' is not a release version ({problem})", "pass --version vX");

    private static void CheckWasInProduction(ReleaseVersion version, IReadOnlyList<ImageTagRevision> history, string file, bool force)
    {
        if (force || history.Any(h => h.Tag == version.ImageTag)) return;
        throw new DeliveryStepException("version", $"{version.GitTag} was never in production (the history of {file}: {string.Join(", ", history.Select(h => h.Tag).Distinct().Take(8))})",
            "pass a version production ran, or --force to roll back to it anyway");
    }

    // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────────────────

    private static async Task<EnvironmentPolicy> PolicyAtAsync(GitCli git, string commit, CancellationToken ct)
    {
        var text = await git.ShowFileAsync(commit, EnvironmentPolicy.RelativePath, ct)
            ?? throw new DeliveryStepException("policy", $"{EnvironmentPolicy.RelativePath} is missing at {Short(commit)}", "restore it on the default branch, then re-run");
        try
        {
            return EnvironmentPolicyLoader.Parse(text);
        }
        catch (InvalidDataException e)
        {
            throw new DeliveryStepException("policy", e.Message, $"fix {EnvironmentPolicy.RelativePath} on the default branch, then re-run");
        }
    }

    private static async Task<string?> TagAtAsync(GitCli git, string revision, string file, CancellationToken ct, bool missingOk = false)
    {
        var text = await git.ShowFileAsync(revision, file, ct);
        if (text is null)
            return missingOk ? null : throw new DeliveryStepException("edit", $"{file} does not exist at {Short(revision)}", "restore it on the default branch, then re-run");
        return Edit(() => ImageTagEdit.Locate(text, file).Tag);
    }

    private static T Edit<T>(Func<T> edit) => FlowFailures.Edit(edit);

    private static string Short(string? sha) => FlowFailures.Short(sha);

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;
}
