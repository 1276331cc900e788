using LogForge.Delivery.Changes;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Tests.Release;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Tools;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;
using LogForge.Testing;
using LogForge.Testing.GitHub;
using LogForge.Testing.Promotion;

namespace LogForge.Delivery.Tests.Promotion;

/// <summary>
/// One promotion world without a cluster: <see cref="PromotionOrigin"/>'s history (production promoted 0.0.8 → 0.0.9 → 0.1.0,
/// v0.2.0 released to dev and staging), the fake GitHub serving it, a clone to run from. <see cref="RunAsync"/> runs the real PromotionFlow with the real gate.
/// </summary>
internal sealed class PromotionScenario : IAsyncDisposable
{
    public const string Token = ReleaseScenario.Token;
    public const string Owner = ReleaseScenario.Owner;
    public const string Name = ReleaseScenario.Name;
    public const string Dev = ReleaseScenario.Dev;
    public const string Staging = ReleaseScenario.Staging;
    public const string Production = ReleaseScenario.Production;

    private readonly HelmTool _helm;

    private PromotionScenario(OriginRepository origin, FakeGitHub github, string checkout, HelmTool helm)
    {
        Origin = origin;
        GitHub = github;
        Checkout = checkout;
        _helm = helm;
    }

    public OriginRepository Origin { get; }
    public FakeGitHub GitHub { get; }
    public string Checkout { get; }
    public LogCapture Log { get; } = new();
    /// <summary>The clock of GitHub's retries: a rate limit's minute passes in no real time.</summary>
    public LogForge.Testing.Time.VirtualClock Clock { get; } = new();
    public LogForge.Delivery.Resilience.RetryBudget Retries => new(TimeSpan.FromMinutes(10), Clock, Log.Logger);

    /// <summary>The flow's clock (--wait-for-merge); null: the system's.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Completes when the flow has written a line starting with <paramref name="start"/>.</summary>
    public Task LineAsync(string start)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Log.OnMessage = m => { if (m.StartsWith(start, StringComparison.Ordinal)) seen.TrySetResult(); };
        if (Log.Messages.Any(m => m.StartsWith(start, StringComparison.Ordinal))) seen.TrySetResult();
        return seen.Task.WaitAsync(LogForge.Testing.Kubernetes.FakeKubernetesServer.HungAfter);
    }
    public IProductionCluster? Cluster { get; set; }

    /// <summary>The registry Promote asks where the tag points (null: that check is skipped).</summary>
    public LogForge.Delivery.Registry.IImageRegistry? Registry { get; set; }

    /// <summary><see cref="Registry"/> as the build makes it, for <paramref name="registry"/>.</summary>
    public void UseRegistry(LogForge.Testing.Registry.DistributionRegistry registry) =>
        Registry = new LogForge.Delivery.Registry.OciRegistry(new LogForge.Delivery.Registry.RegistryClient(
            LogForge.Delivery.Resilience.ServicePolicies.RegistryHttpClient(Retries, TimeSpan.FromSeconds(30)), null, _ => { }), registry.Url.ToString());
    public string PullsPath => $"/repos/{Owner}/{Name}/pulls";
    public FakeRepository Repository => GitHub.Repository(Owner, Name);

    public static async Task<PromotionScenario> CreateAsync(HelmTool helm)
    {
        var origin = await PromotionOrigin.CreateAsync();
        var github = await FakeGitHub.StartAsync(FakeToken.GitHubActions(Token["ghs_".Length..]));
        github.AddRepository(Owner, Name, origin.BarePath);
        return new PromotionScenario(origin, github, await ReleaseScenario.CloneOverHttpAsync(origin, github), helm);
    }

    public PromotionRequest Request(PromotionKind kind = PromotionKind.Promote, string? version = "v0.2.0", bool dryRun = false) =>
        new(Checkout, kind, version is null ? null : ReleaseVersion.Parse(version))
        {
            DryRun = dryRun,
            Repository = new GitHubRepository(Owner, Name),
            WaitTimeout = TimeSpan.FromSeconds(20),
        };

    public Task<PromotionOutcome> RunAsync(PromotionKind kind = PromotionKind.Promote, string? version = "v0.2.0", bool dryRun = false, string? token = Token) =>
        RunAsync(Request(kind, version, dryRun), token);

    public Task<PromotionOutcome> RunAsync(PromotionRequest request, string? token = Token, CancellationToken run = default)
    {
        TreeGate gate = (tree, ct) => new ValidationGate(tree, _helm, useRenderCache: true, renderCacheDirectory: Path.Combine(Origin.Directory, "render-cache")).RunAsync(ct);
        return new PromotionFlow(new GitHubAccess(GitHub.ApiUrl, token, Retries, run), gate, Cluster, Log.Logger, Time, Registry).RunAsync(request, run);
    }

    /// <summary>Release on the same origin and fake GitHub, as release.yml runs it on a tag (with --image-digest when given).</summary>
    public Task<LogForge.Delivery.Release.ReleaseOutcome> ReleaseAsync(string version, string? imageDigest)
    {
        TreeGate gate = (tree, ct) => new ValidationGate(tree, _helm, useRenderCache: true, renderCacheDirectory: Path.Combine(Origin.Directory, "render-cache")).RunAsync(ct);
        var request = new LogForge.Delivery.Release.ReleaseRequest(Checkout, ReleaseVersion.Parse(version))
        {
            Repository = new GitHubRepository(Owner, Name),
            ImageDigest = imageDigest,
        };
        return new LogForge.Delivery.Release.ReleaseFlow(new GitHubAccess(GitHub.ApiUrl, Token, Retries), gate, Log.Logger).RunAsync(request);
    }

    public async Task<DeliveryStepException> FailAsync(PromotionRequest request, string? token = Token)
    {
        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() => RunAsync(request, token));
        Assert.DoesNotContain('\n', failure.Message);
        return failure;
    }

    /// <summary>Merges the pull request on the fake GitHub (a real merge commit on origin's main); returns the merge commit.</summary>
    public async Task<string> MergeAsync(int number, Octokit.PullRequestMergeMethod method = Octokit.PullRequestMergeMethod.Merge)
    {
        var client = GitHubClientFactory.Create(GitHub.ApiUrl, Token);
        return (await client.PullRequest.Merge(Owner, Name, number, new Octokit.MergePullRequest { MergeMethod = method })).Sha;
    }

    /// <summary>git fetch in the checkout: what History reads is origin's default branch as last fetched.</summary>
    public Task FetchAsync() => new GitCli(Checkout).OutputAsync(["fetch", "--quiet", "origin"], CancellationToken.None, remote: true);

    public async Task<string?> TagOnMainAsync(string file) =>
        ImageTagEdit.Locate((await Origin.ShowAsync("main", file))!, file).Tag;

    public async Task AssertCheckoutUntouchedAsync()
    {
        var git = new GitCli(Checkout);
        var ct = CancellationToken.None;
        Assert.Equal("main", await git.CurrentBranchAsync(ct));
        Assert.Equal("", await git.OutputAsync(["status", "--porcelain", "--untracked-files=all"], ct));
        Assert.Equal(["main"], await git.LocalBranchesAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        Origin.Dispose();
    }
}
