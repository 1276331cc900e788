using System.Text.Json.Nodes;
using LogForge.Delivery.GitHub;
using LogForge.Testing;
using LogForge.Testing.GitHub;
using Octokit;

namespace LogForge.Delivery.Tests.Release;

/// <summary>The fake GitHub answers Octokit as GitHub does: shapes, status codes, error bodies, merges into the real origin.</summary>
public sealed class FakeGitHubTests : IAsyncLifetime
{
    private const string Token = "test-token-FakeGitHubTestsToken000000000000000";
    /// <summary>The fake's own tests see every answer as it is: a 500 from a bug in the fake fails the test at once.</summary>
    private static readonly LogForge.Delivery.Resilience.RetryBudget NoRetries = LogForge.Delivery.Resilience.RetryBudget.For(TimeSpan.Zero);
    private OriginRepository _origin = null!;
    private FakeGitHub _github = null!;
    private IGitHubClient _client = null!;

    public async Task InitializeAsync()
    {
        _origin = await OriginRepository.CreateAsync();
        _github = await FakeGitHub.StartAsync(Token);
        _github.AddRepository("acme", "app", _origin.BarePath);
        _client = GitHubClientFactory.Create(_github.ApiUrl, Token, NoRetries);
    }

    [Fact]
    public async Task Repository_and_refs_come_from_the_bare_repository()
    {
        var repository = await _client.Repository.Get("acme", "app");
        var main = await _client.Git.Reference.Get("acme", "app", "heads/main");

        Assert.Equal(("acme/app", "main", true), (repository.FullName, repository.DefaultBranch, repository.Permissions.Push));
        Assert.Equal(await _origin.ResolveAsync("refs/heads/main"), main.Object.Sha);
        Assert.All(_github.Requests, r => Assert.StartsWith("/repos/acme/app", r.Path));
    }

    [Fact]
    public async Task Errors_are_githubs_status_codes_and_bodies()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _client.Repository.Get("acme", "nope"));
        Assert.Equal("Not Found", missing.ApiError.Message);
        Assert.Equal("https://docs.github.com/rest/repos/repos#get-a-repository", missing.ApiError.DocumentationUrl);

        var badToken = GitHubClientFactory.Create(_github.ApiUrl, "wrong-token", NoRetries);
        var unauthorized = await Assert.ThrowsAsync<AuthorizationException>(() => badToken.Repository.Get("acme", "app"));
        Assert.Equal("Bad credentials", unauthorized.ApiError.Message);

        await Assert.ThrowsAsync<NotFoundException>(() => _client.Git.Reference.Get("acme", "app", "heads/none"));

        _github.Fail("GET", "/repos/acme/app", 403, "Resource not accessible by integration");
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() => _client.Repository.Get("acme", "app"));
        Assert.Equal("Resource not accessible by integration", forbidden.ApiError.Message);
    }

    [Fact]
    public async Task Creating_a_second_pull_request_for_the_same_head_is_422_already_exists()
    {
        await PushBranchAsync("feature");
        var first = await _client.PullRequest.Create("acme", "app", new NewPullRequest("Feature", "feature", "main") { Body = "b" });

        var second = await Assert.ThrowsAsync<ApiValidationException>(() => _client.PullRequest.Create("acme", "app", new NewPullRequest("Again",
            "acme:feature", "main")));

        Assert.Equal((1, "open", "feature", "main"), (first.Number, first.State.StringValue, first.Head.Ref, first.Base.Ref));
        Assert.Equal(await _origin.ResolveAsync("refs/heads/feature"), first.Head.Sha);
        Assert.Equal("Validation Failed", second.ApiError.Message);
        Assert.Equal("A pull request already exists for acme:feature.", second.ApiError.Errors.Single().Message);
        Assert.True(GitHubPullRequests.IsAlreadyExists(second));
    }

    [Fact]
    public async Task Pull_request_creation_checks_head_and_commits()
    {
        var noHead = await Assert.ThrowsAsync<ApiValidationException>(() => _client.PullRequest.Create("acme", "app", new NewPullRequest("X",
            "missing", "main")));
        Assert.Equal(("PullRequest", "head", "invalid"), (noHead.ApiError.Errors[0].Resource, noHead.ApiError.Errors[0].Field, noHead.ApiError.Errors[0].Code));

        await _origin.Seed.OutputAsync(["push", "--quiet", "origin", "HEAD:refs/heads/same"], default);
        var empty = await Assert.ThrowsAsync<ApiValidationException>(() => _client.PullRequest.Create("acme", "app", new NewPullRequest("X", "same", "main")));
        Assert.Equal("No commits between main and same", empty.ApiError.Errors[0].Message);
    }

    [Fact]
    public async Task The_list_filters_by_state_head_and_base_and_pages_with_link_headers()
    {
        foreach (var branch in new[] { "a", "b", "c" })
        {
            await PushBranchAsync(branch);
            await _client.PullRequest.Create("acme", "app", new NewPullRequest(branch, branch, "main"));
        }
        await _client.PullRequest.Update("acme", "app", 2, new PullRequestUpdate { State = ItemState.Closed });

        var open = await _client.PullRequest.GetAllForRepository("acme", "app");
        var all = await _client.PullRequest.GetAllForRepository("acme", "app", new PullRequestRequest { State = ItemStateFilter.All },
            new ApiOptions { PageSize = 1 });
        var onlyA = await _client.PullRequest.GetAllForRepository("acme", "app", new PullRequestRequest { State = ItemStateFilter.All,
            Head = "acme:a", Base = "main" });
        var otherBase = await _client.PullRequest.GetAllForRepository("acme", "app", new PullRequestRequest { State = ItemStateFilter.All, Base = "develop" });

        Assert.Equal([3, 1], open.Select(p => p.Number));
        Assert.Equal([3, 2, 1], all.Select(p => p.Number));
        Assert.True(_github.Count("GET", "/repos/acme/app/pulls") >= 4, "paged: one request per page");
        Assert.Equal([1], onlyA.Select(p => p.Number));
        Assert.Empty(otherBase);
    }

    [Fact]
    public async Task Merging_writes_a_real_merge_commit_into_origin()
    {
        var head = await PushBranchAsync("feature");
        var baseBefore = await _origin.ResolveAsync("refs/heads/main");
        var pr = await _client.PullRequest.Create("acme", "app", new NewPullRequest("Feature", "feature", "main"));

        var mismatch = await Assert.ThrowsAsync<PullRequestMismatchException>(() =>
            _client.PullRequest.Merge("acme", "app", pr.Number, new MergePullRequest { Sha = baseBefore }));
        var merge = await _client.PullRequest.Merge("acme", "app", pr.Number, new MergePullRequest { Sha = head });
        var again = await Assert.ThrowsAsync<PullRequestNotMergeableException>(() => _client.PullRequest.Merge("acme", "app", pr.Number,
            new MergePullRequest()));
        var merged = await _client.PullRequest.Get("acme", "app", pr.Number);

        Assert.Equal("Head branch was modified. Review and try the merge again.", mismatch.ApiError.Message);
        Assert.Equal("Pull Request is not mergeable", again.ApiError.Message);
        Assert.True(merge.Merged);
        Assert.Equal(merge.Sha, await _origin.ResolveAsync("refs/heads/main"));
        Assert.Equal($"{baseBefore} {head}", await _origin.Bare.OutputAsync(["log", "-1", "--format=%P", merge.Sha], default));
        Assert.Equal("Merge pull request #1 from acme/feature", await _origin.Bare.OutputAsync(["log", "-1", "--format=%s", merge.Sha], default));
        Assert.Equal((true, "closed", merge.Sha), (merged.Merged, merged.State.StringValue, merged.MergeCommitSha));
        Assert.True(await _client.PullRequest.Merged("acme", "app", pr.Number));
    }

    [Fact]
    public async Task Create_or_update_survives_a_race_that_hides_the_existing_pull_request()
    {
        await PushBranchAsync("release/v1.0.0");
        await _client.PullRequest.Create("acme", "app", new NewPullRequest("old title", "release/v1.0.0", "main"));
        _github.AnswerOnce("GET", "/repos/acme/app/pulls", new GitHubResponse(200, new JsonArray()));

        var upsert = await new GitHubPullRequests(_client, new GitHubRepository("acme", "app")).CreateOrUpdateAsync("release/v1.0.0", "main",
            "new title", "new body");

        Assert.False(upsert.Created);
        Assert.Equal((1, "new title", "new body"), (upsert.PullRequest.Number, upsert.PullRequest.Title, upsert.PullRequest.Body));
        Assert.Single(_github.Repository("acme", "app").PullRequests);
        Assert.Equal(2, _github.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Find_prefers_the_open_pull_request_then_the_merged_one()
    {
        var pulls = new GitHubPullRequests(_client, new GitHubRepository("acme", "app"));
        await PushBranchAsync("promote/production-v1.0.0");
        Assert.Null(await pulls.FindAsync("promote/production-v1.0.0", "main"));

        var first = await pulls.CreateOrUpdateAsync("promote/production-v1.0.0", "main", "Promote", "body");
        var merge = await _client.PullRequest.Merge("acme", "app", first.PullRequest.Number, new MergePullRequest());
        var merged = await pulls.FindAsync("promote/production-v1.0.0", "main");
        Assert.Equal((1, true, false, merge.Sha), (merged!.Number, merged.Merged, merged.Open, merged.MergeCommitSha));

        await _origin.PullSeedAsync();
        await PushBranchAsync("promote/production-v1.0.0");
        var second = await pulls.CreateOrUpdateAsync("promote/production-v1.0.0", "main", "Promote again", "body");
        var open = await pulls.FindAsync("promote/production-v1.0.0", "main");
        Assert.Equal((2, true, "Promote again"), (open!.Number, open.Open, (await pulls.GetAsync(second.PullRequest.Number)).Title));
    }

    private async Task<string> PushBranchAsync(string branch)
    {
        File.AppendAllText(Path.Combine(_origin.SeedPath, branch.Replace('/', '-') + ".txt"), $"{branch} {Guid.NewGuid():N}\n");
        await _origin.Seed.OutputAsync(["add", "--all"], default);
        (await _origin.Seed.RunAsync(["commit", "--quiet", "-m", branch], default, environment: OriginRepository.TestIdentity)).EnsureSucceeded();
        await _origin.Seed.OutputAsync(["push", "--quiet", "origin", $"HEAD:refs/heads/{branch}"], default);
        var sha = await _origin.Seed.OutputAsync(["rev-parse", "HEAD"], default);
        await _origin.Seed.OutputAsync(["reset", "--quiet", "--hard", "origin/main"], default);
        return sha;
    }

    /// <summary>Every answer the fake gave in the test, held to GitHub's OpenAPI description of its operation and status.</summary>
    public async Task DisposeAsync()
    {
        var openApi = await LogForge.Testing.GitHub.Recorded.GitHubOpenApi.LoadAsync();
        var problems = openApi.ValidateAll(_github.Requests);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await _github.DisposeAsync();
        _origin.Dispose();
    }
}
