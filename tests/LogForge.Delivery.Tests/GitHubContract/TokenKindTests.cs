using LogForge.Delivery.GitHub;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.GitHub;

namespace LogForge.Delivery.Tests.GitHubContract;

/// <summary>
/// Release, Promote and Rollback with each kind of token a user brings, against a fake GitHub that treats each as GitHub does
/// (FakeToken): a token whose rights GitHub does not show is not refused; a token that truly lacks a right fails at its first
/// write — the push, or the pull request — in one line naming its kind and the permission, and a re-run with a good token completes.
/// </summary>
public sealed class TokenKindTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    public static TheoryData<DeliveryFlow, GitHubTokenKind> FlowsAndKinds()
    {
        var data = new TheoryData<DeliveryFlow, GitHubTokenKind>();
        foreach (var flow in Enum.GetValues<DeliveryFlow>())
        foreach (var kind in new[] { GitHubTokenKind.Installation, GitHubTokenKind.FineGrained, GitHubTokenKind.Classic })
            data.Add(flow, kind);
        return data;
    }

    private static FakeToken Token(GitHubTokenKind kind, string suffix) => kind switch
    {
        GitHubTokenKind.Installation => FakeToken.GitHubActions("fake-" + suffix),
        GitHubTokenKind.FineGrained => FakeToken.FineGrained("fake-" + suffix),
        _ => FakeToken.Classic("fake-" + suffix),
    };

    [Theory]
    [MemberData(nameof(FlowsAndKinds))]
    public async Task A_good_token_of_each_kind_completes_the_flow(DeliveryFlow flow, GitHubTokenKind kind)
    {
        await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
        var token = world.GitHub.AddToken(Token(kind, "good"));

        var number = await world.RunAsync(token.Value);

        Assert.Equal(1, number);
        Assert.Single(world.Repository.PullRequests);
        Assert.All(world.GitHub.Requests, r => Assert.True(r.CarriedToken, r.ToString()));
        Assert.Equal(1, world.GitHub.Count("POST", world.ReceivePackPath));
        Assert.DoesNotContain(world.Log.Messages, m => m.Contains("cannot push", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FlowsAndKinds))]
    public async Task A_token_without_a_right_fails_at_its_first_write_naming_its_kind_and_a_good_token_completes_it(DeliveryFlow flow, GitHubTokenKind kind)
    {
        await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
        var readOnly = world.GitHub.AddToken(Token(kind, "read-only") with { ContentsWrite = false, RoleCanPush = kind == GitHubTokenKind.FineGrained });
        var noPullRequests = world.GitHub.AddToken(Token(kind, "no-pulls") with { PullRequestsWrite = false });
        var good = world.GitHub.AddToken(Token(kind, "good"));

        var push = await world.FailAsync(readOnly.Value);

        Assert.StartsWith($"push: GitHub refused the push of {world.Branch} to origin " +
                          $"(403 Permission to logforge-dev/logforge.git denied to {readOnly.Actor}); " +
                          "nothing was opened — give the token contents: write; it is " + GitHubTokens.Describe(kind), push.Message);
        Assert.Contains(kind switch
            {
                GitHubTokenKind.Classic => "the repo scope",
                GitHubTokenKind.Installation => "`permissions: contents: write`",
                _ => "Contents: Read and write",
            },
            push.Message);
        Assert.Null(await world.BranchCommitAsync());
        Assert.Empty(world.Repository.PullRequests);

        if (kind != GitHubTokenKind.Classic) // a classic token's repo scope carries both rights: it cannot push without being able to open
        {
            var pullRequest = await world.FailAsync(noPullRequests.Value);
            var said = kind == GitHubTokenKind.Installation ? "Resource not accessible by integration" : "Resource not accessible by personal access token";
            Assert.StartsWith($"pull request: GitHub refused creating the pull request (403 {said}); {world.Branch} is pushed (", pullRequest.Message);
            Assert.Contains("give the token pull-requests: write; it is " + GitHubTokens.Describe(kind), pullRequest.Message);
            Assert.NotNull(await world.BranchCommitAsync());
            Assert.Empty(world.Repository.PullRequests);
        }

        Assert.Equal(1, await world.RunAsync(good.Value));
        Assert.Single(world.Repository.PullRequests);
        Assert.Equal(1, world.GitHub.Count("POST", world.PullsPath) - (kind == GitHubTokenKind.Classic ? 0 : 1));
    }

    [Theory]
    [InlineData(DeliveryFlow.Release)]
    [InlineData(DeliveryFlow.Promote)]
    public async Task Actions_forbidden_to_open_pull_requests_is_named_with_its_setting(DeliveryFlow flow)
    {
        await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
        var token = world.GitHub.AddToken(FakeToken.GitHubActions("fake-setting-off") with { ActionsMayCreatePullRequests = false });

        var failure = await world.FailAsync(token.Value);

        Assert.StartsWith("pull request: GitHub refused creating the pull request " +
                          "(403 GitHub Actions is not permitted to create or approve pull requests.)", failure.Message);
        Assert.EndsWith("— enable Settings → Actions → General → \"Allow GitHub Actions to create and approve pull requests\" " +
                        "(the repository forbids it to GITHUB_TOKEN), then re-run",
            failure.Message);
    }

    [Fact]
    public async Task The_installation_token_preflight_reads_no_permissions_and_does_not_refuse()
    {
        await using var world = await FlowWorld.CreateAsync(DeliveryFlow.Release, helm.Helm);

        await world.RunAsync();

        var repository = world.GitHub.Requests.First(r => r.Method == "GET" && r.Path == "/repos/logforge-dev/logforge");
        Assert.DoesNotContain("\"permissions\"", repository.ResponseBody);
        Assert.Contains(world.GitHub.Requests, r => r is { Method: "GET", Path: "/installation/repositories", Status: 200 });
        Assert.Contains(world.Log.Messages, m => m.Contains("GitHub shows no permissions for a GitHub App installation token", StringComparison.Ordinal));
    }
}
