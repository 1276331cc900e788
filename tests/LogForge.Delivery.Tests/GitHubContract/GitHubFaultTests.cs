using LogForge.Delivery.Tests.Support;
using LogForge.Testing.GitHub;

namespace LogForge.Delivery.Tests.GitHubContract;

/// <summary>
/// Release, Promote and Rollback under GitHub's transient answers at every step (the first request of every route the flow calls
/// gets the fault): each is asked again — after the reset, the retry-after, GitHub's minute, or backoff — on the virtual clock, with
/// a progress line, and the flow completes with one branch and one pull request, counted at the fake. A write whose answer is lost
/// after GitHub carried it out (a 502 after the pull request was made) is not made twice.
/// </summary>
public sealed class GitHubFaultTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    public enum Fault { Primary403, Primary429, SecondaryRetryAfter, SecondaryMessageOnly, Error500, Error502AfterTheWrite, Error503, Error504 }

    public static TheoryData<DeliveryFlow, Fault> FlowsAndFaults()
    {
        var data = new TheoryData<DeliveryFlow, Fault>();
        foreach (var flow in Enum.GetValues<DeliveryFlow>())
        foreach (var fault in Enum.GetValues<Fault>())
            data.Add(flow, fault);
        return data;
    }

    private static GitHubResponse Answer(Fault fault, FlowWorld world) => fault switch
    {
        Fault.Primary403 => GitHubLimits.Primary(world.Clock.GetUtcNow().AddMinutes(5)),
        Fault.Primary429 => GitHubLimits.Primary(world.Clock.GetUtcNow().AddMinutes(5), 429),
        Fault.SecondaryRetryAfter => GitHubLimits.Secondary(30, 429),
        Fault.SecondaryMessageOnly => GitHubLimits.Secondary(null),
        Fault.Error500 => GitHubLimits.ServerError(500),
        Fault.Error502AfterTheWrite => GitHubLimits.ServerError(502),
        Fault.Error503 => GitHubLimits.ServerError(503),
        _ => GitHubLimits.ServerError(504),
    };

    [Theory]
    [MemberData(nameof(FlowsAndFaults))]
    public async Task Every_step_is_asked_again_and_the_flow_makes_one_branch_and_one_pull_request(DeliveryFlow flow, Fault fault)
    {
        await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
        world.GitHub.Faults.AtEveryStep(_ => Answer(fault, world), writesAfterHandling: fault == Fault.Error502AfterTheWrite);

        Assert.Equal(1, await world.RunAsync());

        Assert.Single(world.Repository.PullRequests);
        Assert.Equal(1, world.GitHub.Count("POST", world.ReceivePackPath));
        var faulted = world.GitHub.Faults.FaultedSteps;
        Assert.Contains($"POST {world.PullsPath}", faulted);
        foreach (var step in faulted)
        {
            var (method, path) = (step.Split(' ')[0], step.Split(' ')[1]);
            Assert.True(world.GitHub.Requests.Count(r => r.Method == method && r.Path == path) >= 2, $"{step} was not asked again");
        }
        // One faulted POST and one more: for a 502 after the write that one answers 422 "already exists" and the flow takes the pull request it made.
        Assert.Equal(2, world.GitHub.Count("POST", world.PullsPath));
        if (fault == Fault.Error502AfterTheWrite)
            Assert.Contains(world.GitHub.Requests, r => r is { Method: "POST", Status: 422 } && r.Path == world.PullsPath);
        var progress = world.Log.Messages.Where(m => m.StartsWith("GitHub: ", StringComparison.Ordinal) && m.Contains("asking again in")).ToList();
        Assert.Equal(faulted.Count, progress.Count);
        Assert.All(progress, m => Assert.Contains("giving up after", m));
        if (fault == Fault.SecondaryMessageOnly)
            Assert.True(world.Clock.Elapsed >= TimeSpan.FromMinutes(faulted.Count), $"waited {world.Clock.Elapsed} for {faulted.Count} secondary limits");
        if (fault is Fault.Primary403 or Fault.Primary429)
            Assert.All(progress, m => Assert.Contains("the primary rate limit is used up", m));
    }

    [Theory]
    [InlineData(DeliveryFlow.Release)]
    [InlineData(DeliveryFlow.Promote)]
    [InlineData(DeliveryFlow.Rollback)]
    public async Task A_rerun_finds_its_own_pull_request_on_the_second_page(DeliveryFlow flow)
    {
        await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
        var number = await world.RunAsync();
        var sha = (await world.BranchCommitAsync())!;
        var own = world.Repository.PullRequests.Single();
        for (var i = 0; i < 120; i++) // closed attempts of the same branch, all newer: the open one sorts onto page 2
            world.Repository.PullRequests.Add(new FakePullRequest
            {
                Id = 50_000 + i, Number = 2 + i, Owner = own.Owner, Repository = own.Repository, Head = own.Head, Base = own.Base,
                Title = "an older attempt", State = "closed", CreatedAt = own.CreatedAt.AddMinutes(1 + i), FrozenHeadSha = sha, FrozenBaseSha = sha,
                ClosedAt = own.CreatedAt.AddMinutes(2 + i),
            });
        var listsBefore = world.GitHub.Count("GET", world.PullsPath);

        Assert.Equal(number, await world.RunAsync());

        Assert.Equal(1, world.GitHub.Count("POST", world.PullsPath));
        Assert.Contains(world.GitHub.Requests.Skip(listsBefore), r => r.Path == world.PullsPath && r.Query.Contains("page=2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401, "Bad credentials", "GitHub rejected the token while creating the pull request (401 Bad credentials)")]
    [InlineData(403, "Resource not accessible by integration", "GitHub refused creating the pull request (403 Resource not accessible by integration)")]
    [InlineData(404, "Not Found", "GitHub answered 404 while creating the pull request (Not Found)")]
    [InlineData(422, "Validation Failed", "GitHub refused creating the pull request (422 Validation Failed)")]
    public async Task A_final_answer_fails_at_once_in_one_line(int status, string message, string expected)
    {
        await using var world = await FlowWorld.CreateAsync(DeliveryFlow.Release, helm.Helm);
        world.GitHub.Fail("POST", world.PullsPath, status, message);

        var failure = await world.FailAsync(LogForge.Delivery.Tests.Release.ReleaseScenario.Token);

        Assert.StartsWith("pull request: " + expected, failure.Message);
        Assert.Equal(1, world.GitHub.Count("POST", world.PullsPath));
        Assert.Equal(TimeSpan.Zero, world.Clock.Elapsed);
    }

    [Fact]
    public async Task A_rate_limit_that_resets_after_the_wait_timeout_fails_at_once_saying_when_it_resets()
    {
        await using var world = await FlowWorld.CreateAsync(DeliveryFlow.Release, helm.Helm);
        var reset = world.Clock.GetUtcNow().AddHours(2);
        world.GitHub.Faults.Inject("POST", world.PullsPath, GitHubLimits.Primary(reset), times: 5);

        var failure = await world.FailAsync(LogForge.Delivery.Tests.Release.ReleaseScenario.Token);

        Assert.StartsWith("pull request: GitHub's rate limit stopped creating the pull request " +
                          $"(API rate limit exceeded for installation ID 1000.; it resets at {reset.UtcDateTime:HH:mm:ss} UTC)",
            failure.Message);
        Assert.Contains("re-run after the reset, or with a longer --wait-timeout", failure.Message);
        Assert.Equal(1, world.GitHub.Count("POST", world.PullsPath));
        Assert.Contains(world.Log.Messages, m => m.Contains("not asking again: the next try", StringComparison.Ordinal));
    }
}
