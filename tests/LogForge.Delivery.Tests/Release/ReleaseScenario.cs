using LogForge.Delivery.Changes;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Release;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Tools;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;
using LogForge.Testing;
using LogForge.Testing.GitHub;

namespace LogForge.Delivery.Tests.Release;

/// <summary>
/// One release world: a bare origin seeded with this checkout's deploy/, .github/ and .nuke/ (values at 0.1.0,
/// tag v0.2.0 pushed), the fake GitHub serving it as logforge-dev/logforge — REST API and git's smart HTTP — with
/// Actions' GITHUB_TOKEN (an installation token, as release.yml runs) and the tokens a test adds, and a clone of
/// origin on main to release from whose origin is the fake's http URL, so every push and fetch goes through
/// GitHub's token checks. <see cref="RunAsync"/> runs the real ReleaseFlow with the real gate.
/// </summary>
internal sealed class ReleaseScenario : IAsyncDisposable
{
    /// <summary>Actions' GITHUB_TOKEN in the scenario (an installation token; short, so no scanner takes it for a real one).</summary>
    public const string Token = "ghs_fake-actions-token";
    public const string Owner = "logforge-dev";
    public const string Name = "logforge";
    public const string Dev = "deploy/env/dev/values.yaml";
    public const string Staging = "deploy/env/staging/values.yaml";
    public const string Production = "deploy/env/production/values.yaml";

    private ReleaseScenario(OriginRepository origin, FakeGitHub github, string checkout, HelmTool helm)
    {
        Origin = origin;
        GitHub = github;
        Checkout = checkout;
        _helm = helm;
    }

    private readonly HelmTool _helm;

    public OriginRepository Origin { get; }
    public FakeGitHub GitHub { get; }
    public string Checkout { get; }
    public LogCapture Log { get; } = new();
    /// <summary>The clock of GitHub's retries: a rate limit's minute passes in no real time.</summary>
    public LogForge.Testing.Time.VirtualClock Clock { get; } = new();
    public LogForge.Delivery.Resilience.RetryBudget Retries => new(TimeSpan.FromMinutes(10), Clock, Log.Logger);
    public GitCli CheckoutGit => new(Checkout);
    public string PullsPath => $"/repos/{Owner}/{Name}/pulls";

    public static async Task<ReleaseScenario> CreateAsync(HelmTool helm, Action<string>? changeMain = null)
    {
        var origin = await OriginRepository.CreateAsync();
        if (changeMain is not null) await origin.CommitAndPushAsync("change main", changeMain);
        await origin.TagAsync("v0.2.0");
        var github = await FakeGitHub.StartAsync(FakeToken.GitHubActions(Token["ghs_".Length..]));
        github.AddRepository(Owner, Name, origin.BarePath);
        var checkout = await CloneOverHttpAsync(origin, github);
        return new ReleaseScenario(origin, github, checkout, helm);
    }

    /// <summary>A clone of origin whose <c>origin</c> remote is the fake GitHub's http URL of the repository.</summary>
    public static async Task<string> CloneOverHttpAsync(OriginRepository origin, FakeGitHub github)
    {
        var checkout = await origin.CloneAsync("checkout");
        await new GitCli(checkout).OutputAsync(["remote", "set-url", "origin", github.CloneUrl(Owner, Name)], CancellationToken.None);
        return checkout;
    }

    public ReleaseRequest Request(string version = "v0.2.0", bool dryRun = false) =>
        new(Checkout, ReleaseVersion.Parse(version)) { DryRun = dryRun, Repository = new GitHubRepository(Owner, Name) };

    public Task<ReleaseOutcome> RunAsync(string version = "v0.2.0", bool dryRun = false, string? token = Token) =>
        RunAsync(Request(version, dryRun), token);

    public Task<ReleaseOutcome> RunAsync(ReleaseRequest request, string? token = Token, string? apiUrl = null, CancellationToken run = default)
    {
        TreeGate gate = (tree, ct) => new ValidationGate(tree, _helm, useRenderCache: true, renderCacheDirectory: Path.Combine(Origin.Directory, "render-cache")).RunAsync(ct);
        return new ReleaseFlow(new GitHubAccess(apiUrl ?? GitHub.ApiUrl, token, Retries, run), gate, Log.Logger).RunAsync(request, run);
    }

    /// <summary>The failure of a run that must fail: one line, step first.</summary>
    public async Task<DeliveryStepException> FailAsync(string version = "v0.2.0", bool dryRun = false, string? token = Token)
    {
        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() => RunAsync(version, dryRun, token));
        Assert.DoesNotContain('\n', failure.Message);
        return failure;
    }

    /// <summary>The checkout is as it was: on main, no tracked change, no new local branch, no extra worktree.</summary>
    public async Task AssertCheckoutUntouchedAsync()
    {
        var git = CheckoutGit;
        var ct = CancellationToken.None;
        Assert.Equal("main", await git.CurrentBranchAsync(ct));
        Assert.Empty(await git.ChangedTrackedFilesAsync(ct));
        Assert.Equal("", await git.OutputAsync(["status", "--porcelain", "--untracked-files=all"], ct));
        Assert.Equal(["main"], await git.LocalBranchesAsync(ct));
        Assert.Single((await git.OutputAsync(["worktree", "list", "--porcelain"], ct)).Split('\n'), l => l.StartsWith("worktree ", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        Origin.Dispose();
    }
}
