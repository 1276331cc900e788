using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Process;
using LogForge.Delivery.Registry;
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
/// never touches the checkout (the edit happens in a <see cref="ChangeProposal"/>), and a refused gate
/// changes nothing anywhere. <paramref name="time"/>: the clock of --wait-for-merge (default: the system's).
/// The phases, one file each: <see cref="PromotionContext"/> (the first look), <see cref="StagingGate"/>, the proposal here,
/// <see cref="ProductionSync"/>.
/// </summary>
/// <paramref name="registry"/>: where Promote checks the tag still points at staging's digest.
public sealed class PromotionFlow(GitHubAccess github, TreeGate gate, IProductionCluster? cluster, ILogger? log = null, TimeProvider? time = null,
    IImageRegistry? registry = null)
{
    public const string Production = PromotionContext.ProductionName;
    public const string Staging = PromotionContext.StagingName;

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
            throw new DeliveryStepException("cluster", e.What, e.Fix ?? "fix the cluster, then re-run", e);
        }
    }

    private async Task<PromotionOutcome> RunStepsAsync(PromotionRequest request, CancellationToken ct)
    {
        var context = await PromotionContext.ReadAsync(request, github, cluster, _log, ct);
        if (context.CurrentProduction == context.Version.ImageTag)
            return await new ProductionSync(github, cluster, _log).RunAsync(context, ct);
        return await ProposeAsync(context, ct);
    }

    /// <summary>Not merged yet: the staging gate (Promote), then ONE pull request changing production's values only.</summary>
    private async Task<PromotionOutcome> ProposeAsync(PromotionContext c, CancellationToken ct)
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

        var evidence = request.Kind == PromotionKind.Promote
            ? await StagingGate.RunAsync(c, cluster, _log, ct)
            : new StagingEvidence(null, null, null, null);
        var (pin, digestChecks) = await DigestChecksAsync(c, evidence, ct);

        await using var proposal = await ChangeProposal.OpenAsync(c.Git, origin, github, _log, ct);
        TreeGate withDigests = async (tree, token) => (await gate(tree, token)).With([.. digestChecks,
            DigestEvidence.PinnedInPullRequest(tree, c.ProductionFile, pin, request.Kind == PromotionKind.Promote
                ? DigestEvidence.NoDigest
                : $"production's history pins no image.digest with {version.ImageTag}")]);
        var edited = await proposal.EditAndGateAsync(
            tree => [EnvironmentTagEdits.Apply(tree, c.Policy, EnvironmentTagEdits.Promote, pin).Single()],
            withDigests, request.CheckoutRoot, request.StepSummaryPath, GateRefusal(c), ct);
        var change = edited.Changes[0];

        var title = PromotionNames.Title(request.Kind, version, request.Reason);
        var record = PromotionLedger.Record(c, evidence, edited);
        var body = PromotionBody.Render(new PromotionBodyModel(request.Kind, version, c.Policy.Image.Repository, change, origin.DefaultBranch,
            evidence.Staging, evidence.Smoke, evidence.Note, edited.Gate, c.ProductionHistory, request.Reason, request.Run, c.Actor, record));
        if (request.DryRun)
        {
            proposal.Show(edited, title, body);
            return new PromotionOutcome(PromotionResult.DryRun,
                    $"dry run: would push {origin.Branch} and open \"{title}\" (only {change.File}) — nothing pushed or opened")
                { Diff = edited.Diff, Title = title, Body = body };
        }

        var published = await proposal.PublishAsync(edited, PromotionNames.CommitMessage(request.Kind, version, record), title, _ => body, pulls!, open,
            github.TokenKind, ct);
        var pr = published.PullRequest;
        if (!request.WaitForMerge)
            return new PromotionOutcome(PromotionResult.AwaitingMerge, AwaitingMerge(c, published))
                { PullRequest = pr, Diff = edited.Diff, Title = title, Body = body };

        await new MergeWait(pulls!, github.ApiUrl, _log, time).UntilMergedAsync(pr, request.WaitTimeout, ct);
        return await RunStepsAsync(request with { WaitForMerge = false }, ct);
    }

    /// <summary>What production will pin — Promote: staging's tag and digest; Rollback: the version and the digest production's history
    /// pinned with it — and, for Promote, the staging pods' and the registry's digest checks.</summary>
    private async Task<(ImagePin Pin, IReadOnlyList<CheckResult> Checks)> DigestChecksAsync(PromotionContext c, StagingEvidence evidence,
        CancellationToken ct)
    {
        if (c.Request.Kind == PromotionKind.Rollback)
            return (new ImagePin(c.Version.ImageTag, c.ProductionHistory.FirstOrDefault(h => h.Tag == c.Version.ImageTag)?.Digest), []);
        var pin = evidence.Pin!;
        if (pin.Digest is null)
            _log.Warning("{Reason}: production will pin the tag {Tag} alone, and the tag's digest is not checked", DigestEvidence.NoDigest, pin.Tag);
        var repository = c.Policy.Image.Repository;
        return (pin, [DigestEvidence.StagingPods(pin, repository, evidence.Images), await DigestEvidence.RegistryAsync(pin, repository, registry, ct)]);
    }

    private static Func<ValidationReport, IReadOnlyList<string>, Exception> GateRefusal(PromotionContext c) => (report, files) =>
        new DeliveryStepException("gate", $"{report.Count(CheckStatus.Failed)} validation checks failed with production at {c.Version.ImageTag} " +
            $"({string.Join(", ", report.FailedNames)}); nothing was pushed",
                $"see the table above or {Path.GetRelativePath(c.Request.CheckoutRoot, files[0])}");

    private static string AwaitingMerge(PromotionContext c, PublishedChange published)
    {
        var (pr, version) = (published.PullRequest, c.Version);
        var again = $"./build.sh {c.Request.Kind} --version {version.GitTag}";
        return published.Created
            ? $"opened pull request #{pr.Number} {pr.Url} — merge PR #{pr.Number}, then run the same command again ({again})"
            : $"pull request #{pr.Number} {pr.Url} is open, not merged yet — merge PR #{pr.Number}, then run the same command again ({again})";
    }
}
