using LogForge.Delivery.Changes;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>
/// What the first look of a Promote or Rollback establishes: git, GitHub, origin, ONE policy (origin's at its base commit) with staging
/// and production resolved from it, production's history and the version (for a Rollback without --version: the one before).
/// </summary>
internal sealed record PromotionContext(PromotionRequest Request, ReleaseVersion Version, GitCli Git, GitHubRepository? Repository,
    OriginSnapshot Origin, EnvironmentPolicy Policy, TargetEnvironment Staging, TargetEnvironment Production,
    IReadOnlyList<ImageTagRevision> ProductionHistory, string Actor, string RunId)
{
    public const string ProductionName = "production";
    public const string StagingName = "staging";

    public string ProductionFile => Production.ValuesFile;

    public string CurrentProduction => ProductionHistory.Count > 0 ? ProductionHistory[0].Tag : "(unknown)";

    public static async Task<PromotionContext> ReadAsync(PromotionRequest request, GitHubAccess github, IProductionCluster? cluster, ILogger log,
        CancellationToken ct)
    {
        var (git, _, repository) = await FlowCheckout.OpenAsync(github, request.CheckoutRoot, request.Remote, request.Repository, request.DryRun, ct);

        // The branch depends on the version, which a Rollback may read from production's history: look at origin first.
        var provisional = request.Version ?? ReleaseVersion.Parse("v0.0.0");
        var origin = await OriginSnapshot.ReadAsync(git, request.Remote, PromotionNames.Branch(request.Kind, provisional), [],
            offline: request.DryRun, log, ct);
        var policy = await PromotionReads.PolicyAtAsync(git, origin.BaseCommit, ct);
        var staging = await PromotionReads.EnvironmentAtAsync(git, origin.BaseCommit, policy, StagingName, ct);
        var production = await PromotionReads.EnvironmentAtAsync(git, origin.BaseCommit, policy, ProductionName, ct);
        var history = await ImageTagHistory.ReadAsync(git, origin.BaseCommit, production.ValuesFile, ct);
        var version = request.Version ?? await RollbackDefaultAsync(git, cluster, production, history, ct);
        if (request.Kind == PromotionKind.Rollback)
            CheckWasInProduction(version, history, production.ValuesFile, request.Force);
        else if (!request.Force)
            await CheckNotRejectedAsync(git, origin.BaseCommit, production.ValuesFile, version, ct);

        var tags = request.Kind == PromotionKind.Promote ? new[] { $"refs/tags/{version.GitTag}" } : [];
        origin = await OriginSnapshot.ReadAsync(git, request.Remote, PromotionNames.Branch(request.Kind, version), tags, offline: request.DryRun, log, ct);
        if (request.Kind == PromotionKind.Promote
            && await git.ResolveCommitAsync($"refs/tags/{version.GitTag}", ct) is null && !origin.Refs.ContainsKey($"refs/tags/{version.GitTag}"))
            throw new DeliveryStepException("tag", $"git tag {version.GitTag} exists neither in the checkout nor on {request.Remote}",
                $"release {version.GitTag} first (tag it and push the tag; release.yml opens the dev + staging pull request)");

        var actor = request.Run?.Actor ?? NonEmpty(await git.ConfigValueAsync("user.name", ct)) ?? Environment.UserName;
        log.Information("{Remote}/{Branch} is at {Commit}; production runs {Current} there ({File})", request.Remote, origin.DefaultBranch,
            FlowFailures.Short(origin.BaseCommit), history.Count > 0 ? history[0].Tag : "?", production.ValuesFile);
        return new PromotionContext(request, version, git, repository, origin, policy, staging, production, history, actor, PromotionNames.RunId(request.Run));
    }

    /// <summary>
    /// The version before the one production runs, from the history of its values file (newest first). What runs is read
    /// from the cluster (the revision Argo CD synced) when there is one: after a rollback pull request is merged, main already
    /// names the older version while production still runs the newer one, and the re-run must continue that rollback.
    /// </summary>
    private static async Task<ReleaseVersion> RollbackDefaultAsync(GitCli git, IProductionCluster? cluster, TargetEnvironment production,
        IReadOnlyList<ImageTagRevision> history, CancellationToken ct)
    {
        var file = production.ValuesFile;
        var running = history.Count > 0 ? history[0].Tag : null;
        if (cluster is not null && await cluster.StateAsync(production, ct) is { Revision: { } revision })
            running = await PromotionReads.TagAtAsync(git, revision, file, ct, missingOk: true) ?? running;
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
        var ran = string.Join(", ", history.Select(h => h.Tag).Distinct().Take(8));
        throw new DeliveryStepException("version", $"{version.GitTag} was never in production (the history of {file}: {ran})",
            "pass a version production ran, or --force to roll back to it anyway");
    }

    /// <summary>A version rolled back from production stays rejected until a forced promotion (its ledger, on origin's base commit).</summary>
    private static async Task CheckNotRejectedAsync(GitCli git, string baseCommit, string file, ReleaseVersion version, CancellationToken ct)
    {
        var ledger = await LedgerReader.ReadAsync(git, baseCommit, file, ct);
        if (RejectedVersions.Rejecting(ledger, version) is not { } rollback) return;
        var reason = rollback.Record?.Reason is { } text ? $"reason: \"{text}\"" : "no reason recorded";
        throw new DeliveryStepException("version", $"{version.GitTag} was rolled back from production in {FlowFailures.Short(rollback.Commit)} ({reason})",
            "promote a newer version, or pass --force --reason \"…\"");
    }

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;
}
