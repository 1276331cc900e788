using LogForge.Delivery.Git;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Http;

namespace LogForge.Delivery.Tests.GitHubContract;

/// <summary>
/// Release, Promote and Rollback cancelled (Ctrl-C) in the middle of a write: while git pushes the branch (git is the child, the
/// fake GitHub holds its receive-pack), and after GitHub made the pull request but before its answer came back. Each time the flow
/// stops at once with OperationCanceledException, nothing of it is left talking to GitHub, the checkout holds no git lock file and
/// is as it was, and a re-run completes — with one push and one pull request in all, counted at the fake.
/// </summary>
public sealed class CancelledFlowTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    /// <summary>How long a wait for the event may take before the test counts as hung: load never reaches it.</summary>
    private static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);

    public enum Moment { DuringThePush, AfterThePullRequestWasMade }

    public static TheoryData<DeliveryFlow, Moment> FlowsAndMoments()
    {
        var data = new TheoryData<DeliveryFlow, Moment>();
        foreach (var flow in Enum.GetValues<DeliveryFlow>())
        foreach (var moment in Enum.GetValues<Moment>())
            data.Add(flow, moment);
        return data;
    }

    [Theory]
    [MemberData(nameof(FlowsAndMoments))]
    public async Task Cancelled_mid_write_the_flow_stops_at_once_and_the_re_run_completes_without_doubling_it(DeliveryFlow flow, Moment moment)
    {
        await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
        var held = moment == Moment.DuringThePush
            ? world.GitHub.Faults.Hold("POST", world.ReceivePackPath)
            : world.GitHub.Faults.Hold("POST", world.PullsPath, afterHandling: true);

        await CancelWhenHeldAsync(world, held);

        await held.Abandoned.WaitAsync(HungAfter); // the client (git, Octokit) closed its connection: nothing of the run still waits on GitHub
        held.Release();
        await AssertCheckoutAsItWasAsync(world);
        if (moment == Moment.DuringThePush)
            Assert.Null(await world.BranchCommitAsync());
        else
            Assert.Single(world.Repository.PullRequests);

        var before = world.GitHub.Requests.Count;
        Assert.Equal(1, await world.RunAsync());

        var rerun = world.GitHub.Requests.Skip(before).ToList();
        Assert.Single(world.Repository.PullRequests);
        Assert.NotNull(await world.BranchCommitAsync());
        Assert.Equal(moment == Moment.DuringThePush ? 1 : 0, rerun.Count(r => r.Method == "POST" && r.Path == world.ReceivePackPath));
        Assert.Equal(moment == Moment.DuringThePush ? 1 : 0, rerun.Count(r => r.Method == "POST" && r.Path == world.PullsPath));
    }

    /// <summary>Runs the flow, cancels it once the fake holds <paramref name="held"/>, and expects it to end cancelled.</summary>
    private static async Task CancelWhenHeldAsync(FlowWorld world, HeldRequest held)
    {
        using var cancellation = new CancellationTokenSource();
        var run = world.RunAsync(run: cancellation.Token);
        await Task.WhenAny(held.Reached, run).WaitAsync(HungAfter);
        Assert.True(held.Reached.IsCompleted, $"the flow ended before {held} was held:\n{world.Log.Text}");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HungAfter));
    }

    /// <summary>No lock file a killed git would leave (index.lock, a ref's .lock), no tracked change, still on main, no extra branch.</summary>
    private static async Task AssertCheckoutAsItWasAsync(FlowWorld world)
    {
        var gitDirectory = Path.Combine(world.Checkout, ".git");
        Assert.Empty(Directory.EnumerateFiles(gitDirectory, "*.lock", SearchOption.AllDirectories));
        var git = new GitCli(world.Checkout);
        Assert.Empty(await git.ChangedTrackedFilesAsync(CancellationToken.None));
        Assert.Equal("main", await git.CurrentBranchAsync(CancellationToken.None));
        Assert.Equal(["main"], await git.LocalBranchesAsync(CancellationToken.None));
    }
}
