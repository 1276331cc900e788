using System.Text.Json.Nodes;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing;
using LogForge.Testing.GitHub;
using LogForge.Testing.GitHub.Recorded;

namespace LogForge.Delivery.Tests.GitHubContract;

/// <summary>
/// The fake GitHub's answers held to GitHub's official OpenAPI description (@octokit/openapi, pinned): a whole Release and Promote
/// against it, each token kind's view of the repository, GitHub's limits and 5xx, its refusals; and the validator itself fails a
/// response that does not match.
/// </summary>
public sealed class FakeGitHubOpenApiTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    [Fact]
    public async Task Every_answer_of_a_release_and_a_promotion_under_faults_matches_the_description()
    {
        var openApi = await GitHubOpenApi.LoadAsync();
        foreach (var flow in new[] { DeliveryFlow.Release, DeliveryFlow.Promote })
        {
            await using var world = await FlowWorld.CreateAsync(flow, helm.Helm);
            world.GitHub.Faults.AtEveryStep(_ => GitHubLimits.Secondary(null), writesAfterHandling: false);
            await world.RunAsync();
            await world.RunAsync(); // the re-run: list, update

            Assert.Empty(openApi.ValidateAll(world.GitHub.Requests));
            Assert.Contains(world.GitHub.Requests, r => r.Api && r.Status == 403);
        }
    }

    [Fact]
    public async Task Each_token_kind_limits_and_server_errors_answer_as_described()
    {
        var openApi = await GitHubOpenApi.LoadAsync();
        using var origin = await OriginRepository.CreateAsync();
        await using var github = await FakeGitHub.StartAsync(FakeToken.GitHubActions(), FakeToken.FineGrained(), FakeToken.Classic(),
            FakeToken.FineGrained("fake-no-pulls") with { PullRequestsWrite = false });
        github.AddRepository("acme", "app", origin.BarePath);
        var noRetries = LogForge.Delivery.Resilience.RetryBudget.For(TimeSpan.Zero);
        foreach (var token in new[] { "ghs_fake-actions-token", "github_pat_fake-fine-grained", "ghp_fake-classic" })
        {
            var pulls = new GitHubPullRequests(GitHubClientFactory.Create(github.ApiUrl, token, noRetries), new GitHubRepository("acme", "app"));
            var repository = await pulls.GetRepositoryAsync();
            Assert.Equal(token.StartsWith("ghs_", StringComparison.Ordinal) ? null : true, repository.CanPush);
            Assert.Equal(token.StartsWith("ghp_", StringComparison.Ordinal) ? ["repo", "workflow"] : [], repository.OAuthScopes);
            Assert.Equal(token.StartsWith("ghs_", StringComparison.Ordinal), (await pulls.InstallationAccessAsync()).Installation);
        }
        var limited = GitHubClientFactory.Create(github.ApiUrl, "github_pat_fake-no-pulls", noRetries);
        await Assert.ThrowsAsync<Octokit.ForbiddenException>(() => limited.PullRequest.Create("acme", "app", new Octokit.NewPullRequest("t", "main", "main")));
        foreach (var answer in new[] { GitHubLimits.Primary(DateTimeOffset.UtcNow.AddMinutes(1)), GitHubLimits.Primary(DateTimeOffset.UtcNow, 429),
                     GitHubLimits.Secondary(60), GitHubLimits.Secondary(null, 429), GitHubLimits.ServerError(500), GitHubLimits.ServerError(502),
                     GitHubLimits.ServerError(503), GitHubLimits.ServerError(504) })
        {
            github.Faults.Inject("GET", "/repos/acme/app/pulls", answer);
            await Assert.ThrowsAnyAsync<Octokit.ApiException>(() => limited.PullRequest.GetAllForRepository("acme", "app"));
        }

        Assert.Empty(openApi.ValidateAll(github.Requests));
        Assert.Equal(3 * 2 + 1 + 8, github.Requests.Count(r => r.Api)); // repository and installation per token, the refusal, the faults
    }

    [Fact]
    public async Task A_response_that_does_not_match_fails_the_validator()
    {
        var openApi = await GitHubOpenApi.LoadAsync();
        using var origin = await OriginRepository.CreateAsync();
        await using var github = await FakeGitHub.StartAsync(FakeToken.Classic());
        github.AddRepository("acme", "app", origin.BarePath);
        await GitHubClientFactory.Create(github.ApiUrl, "ghp_fake-classic").Repository.Get("acme", "app");
        var good = github.Requests.Single().ResponseBody!;
        Assert.Empty(openApi.Validate("GET", "/repos/acme/app", 200, good));

        var wrongType = JsonNode.Parse(good)!;
        wrongType["permissions"]!["push"] = "yes";
        var missing = JsonNode.Parse(good)!.AsObject();
        missing.Remove("default_branch");
        var notNullable = JsonNode.Parse(good)!;
        notNullable["name"] = null;

        Assert.Contains(openApi.Validate("GET", "/repos/acme/app", 200, wrongType.ToJsonString()),
            p => p.Contains("/permissions/push", StringComparison.Ordinal));
        Assert.Contains(openApi.Validate("GET", "/repos/acme/app", 200, missing.ToJsonString()), p => p.Contains("default_branch", StringComparison.Ordinal));
        Assert.Contains(openApi.Validate("GET", "/repos/acme/app", 200, notNullable.ToJsonString()), p => p.Contains("/name", StringComparison.Ordinal));
        Assert.NotEmpty(openApi.Validate("GET", "/repos/acme/app", 200, """{"message":"Not Found"}"""));
        Assert.NotEmpty(openApi.Validate("PUT", "/repos/acme/app/pulls/1/merge", 418, """{"message":"teapot"}"""));
        Assert.NotEmpty(openApi.Validate("GET", "/repos/acme/app/no-such-route", 200, "{}"));
    }
}
