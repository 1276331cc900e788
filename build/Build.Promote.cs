using LogForge.Build.Engine;
using LogForge.Delivery.Changes;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Registry;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Build;

/// <summary>Steps 8 and 9 of the manual plan: production behind a verified gate, and the rollback drill.</summary>
public sealed partial class Build
{
    [Parameter("Promote/Rollback: when the pull request is open, wait for its merge (polling GitHub) and go on to the sync")]
    public bool WaitForMerge { get; set; }

    [Parameter("Rollback: why, for the pull request title and body; Promote with --force: why a rejected version goes back. The ledger records it " +
        "(Reason trailer)")]
    public string Reason { get; set; } = "";

    [Parameter("Rollback: allow a version that production never ran (by the history of its values file); Promote: promote a version that was " +
        "rolled back from production (needs --reason; the ledger records Forced: true)")]
    public bool Force { get; set; }

    [Parameter("Promote: the registry's base URL for the check that the tag still points at staging's digest (default: the image " +
        "repository's host, https://ghcr.io)")]
    public string RegistryUrl { get; set; } = "";

    [Parameter("Promote: token with read:packages for that check on a private image (default: anonymous, as for a public GHCR image); " +
        "the user is --ghcr-username, else 'logforge'"), Secret]
    public string RegistryToken { get; set; } = "";

    Target Promote => _ => _
        .Description("Production behind a gate: staging verified, ONE pull request for production's values; after its merge a manual Argo CD sync, " +
            "waited for, then /version. Re-run to continue")
        .DependsOn(Tools)
        .Requires(() => Version)
        .Requires(() => GithubToken, () => !DryRun, "except with --dry-run")
        .Validates(() => Force && Reason.Trim().Length == 0
            ? "--force needs --reason \"…\" (the ledger records why a rolled-back version goes back to production)" : null)
        .Executes(ct => RunPromotionAsync(PromotionKind.Promote, ct));

    Target Rollback => _ => _
        .Description("Production back to --version (default: the tag before the current one in its values' history): a pull request, then the " +
            "manual sync and /version")
        .DependsOn(Tools)
        .Requires(() => GithubToken, () => !DryRun, "except with --dry-run")
        .Executes(ct => RunPromotionAsync(PromotionKind.Rollback, ct));

    static readonly TimeSpan RegistryAttemptTimeout = TimeSpan.FromSeconds(30);

    OciRegistry OpenRegistry()
    {
        var credentials = RegistryToken.Length > 0 ? new RegistryCredentials(GhcrUsername.Length > 0 ? GhcrUsername : "logforge", RegistryToken) : null;
        var client = new RegistryClient(ServicePolicies.RegistryHttpClient(RetryBudget.For(WaitTimeout), RegistryAttemptTimeout), credentials, SecretValues.Add);
        try
        {
            return new OciRegistry(client, RegistryUrl.Length > 0 ? RegistryUrl : null);
        }
        catch (RegistryException e)
        {
            throw new DeliveryStepException("registry", e.What, e.Fix);
        }
    }

    async Task RunPromotionAsync(PromotionKind kind, CancellationToken ct)
    {
        var request = PromotionArguments.Parse(RootDirectory, kind, Version, DryRun, WaitForMerge, WaitTimeout ?? ClusterWaitDefault, Repository, Reason, Force,
            GithubStepSummary);
        var github = new GitHubAccess(GithubApiUrl, GithubToken, RetryBudget.For(WaitTimeout), ct);
        foreach (var secret in github.DerivedSecrets) SecretValues.Add(secret);
        var (cluster, noCluster) = await ClusterDetection.DetectAsync(ClusterSettings, ct);
        using var connection = cluster;
        if (cluster is null) Log.Information("Cluster: {Reason}", noCluster);
        var production = cluster is null ? null : new KubernetesProductionCluster(cluster, new ClusterSmoke(cluster, SecretValues.Add), SmokeWait,
            SecretValues.Apply);
        var gate = new PullRequestGate(RootDirectory, Helm, !FreshRender, SecretValues.Apply);
        var registry = OpenRegistry();
        var outcome = await new PromotionFlow(github, gate.RunAsync, production, registry: registry).RunAsync(request, ct);
        Log.Information("{Outcome}", outcome.Summary);
    }
}
