using LogForge.Delivery.Changes;
using LogForge.Delivery.Promotion;
using LogForge.Delivery.Release;
using LogForge.Delivery.Tests.Promotion;
using LogForge.Delivery.Tests.Release;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Tools;
using LogForge.Testing;
using LogForge.Testing.GitHub;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.GitHubContract;

public enum DeliveryFlow { Release, Promote, Rollback }

/// <summary>One of the three flows that write to GitHub, in its scenario (origin over the fake's smart HTTP, the fake's REST API,
/// the virtual clock of GitHub's retries), run the same way: <see cref="RunAsync"/> succeeds when the flow pushed its branch and
/// opened (or refreshed) its one pull request.</summary>
internal sealed class FlowWorld : IAsyncDisposable
{
    private readonly ReleaseScenario? _release;
    private readonly PromotionScenario? _promotion;

    private FlowWorld(DeliveryFlow flow, ReleaseScenario? release, PromotionScenario? promotion)
    {
        (Flow, _release, _promotion) = (flow, release, promotion);
    }

    public DeliveryFlow Flow { get; }
    public FakeGitHub GitHub => _release?.GitHub ?? _promotion!.GitHub;
    public OriginRepository Origin => _release?.Origin ?? _promotion!.Origin;
    public string Checkout => _release?.Checkout ?? _promotion!.Checkout;
    public LogCapture Log => _release?.Log ?? _promotion!.Log;
    public VirtualClock Clock => _release?.Clock ?? _promotion!.Clock;
    public FakeRepository Repository => GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name);
    public string PullsPath => $"/repos/{ReleaseScenario.Owner}/{ReleaseScenario.Name}/pulls";
    public string ReceivePackPath => $"/{ReleaseScenario.Owner}/{ReleaseScenario.Name}.git/git-receive-pack";

    public string Branch => Flow switch
    {
        DeliveryFlow.Release => "release/v0.2.0",
        DeliveryFlow.Promote => "promote/production-v0.2.0",
        _ => "rollback/production-v0.0.9",
    };

    public static async Task<FlowWorld> CreateAsync(DeliveryFlow flow, HelmTool helm) => flow == DeliveryFlow.Release
        ? new FlowWorld(flow, await ReleaseScenario.CreateAsync(helm), null)
        : new FlowWorld(flow, null, await PromotionScenario.CreateAsync(helm));

    /// <summary>Runs the flow with <paramref name="token"/> (default: the scenario's GITHUB_TOKEN); returns the pull request's number.</summary>
    public async Task<int> RunAsync(string? token = null, CancellationToken run = default)
    {
        token ??= ReleaseScenario.Token;
        if (_release is not null)
        {
            var outcome = await _release.RunAsync(_release.Request(), token, run: run);
            Assert.Contains(outcome.Result, new[] { ReleaseResult.Opened, ReleaseResult.Updated });
            return outcome.PullRequest!.Number;
        }
        var request = Flow == DeliveryFlow.Promote ? _promotion!.Request() : _promotion!.Request(PromotionKind.Rollback, "v0.0.9");
        var promoted = await _promotion.RunAsync(request, token, run);
        Assert.Equal(PromotionResult.AwaitingMerge, promoted.Result);
        return promoted.PullRequest!.Number;
    }

    /// <summary>Runs the flow, which must fail with one line.</summary>
    public async Task<DeliveryStepException> FailAsync(string token)
    {
        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() => RunAsync(token));
        Assert.DoesNotContain('\n', failure.Message);
        return failure;
    }

    public Task<string?> BranchCommitAsync() => Origin.ResolveAsync("refs/heads/" + Branch);

    public async ValueTask DisposeAsync()
    {
        if (_release is not null) await _release.DisposeAsync();
        if (_promotion is not null) await _promotion.DisposeAsync();
    }
}
