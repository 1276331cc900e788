using LogForge.Delivery.GitHub;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.GitHub.Recorded;
using LogForge.Testing.Time;
using Octokit;

namespace LogForge.Delivery.Tests.GitHubContract;

/// <summary>
/// Our Octokit client — GitHubClientFactory's, with the retry handler — against real GitHub answers recorded in @octokit/fixtures
/// (pinned in versions.env): the repository as a classic token sees it (permissions and X-OAuth-Scopes), GitHub's 422 and 404 bodies
/// as GitHubFailure's one line, Link paging across five pages, git refs. The recordings' token is
/// 0000000000000000000000000000000000000001 (a classic token without prefix, as the fixtures normalized it).
/// </summary>
public sealed class RecordedGitHubTests
{
    private const string RecordedToken = "0000000000000000000000000000000000000001";
    private readonly LogCapture _log = new();

    private IGitHubClient Client(FixtureReplay replay) =>
        GitHubClientFactory.Create(null, RecordedToken, new RetryBudget(TimeSpan.FromMinutes(10), new VirtualClock(), _log.Logger), replay);

    [Fact]
    public async Task The_repository_as_a_classic_token_sees_it_permissions_scopes_and_kind()
    {
        var replay = await FixtureReplay.LoadAsync("get-repository");
        var pulls = new GitHubPullRequests(Client(replay), new GitHubRepository("octokit-fixture-org", "hello-world"));

        var (repository, kind) = await TokenPreflight.CheckAsync(pulls, GitHubTokens.KindOf(RecordedToken), _log.Logger);

        Assert.Equal(("octokit-fixture-org/hello-world", "master", true), (repository.FullName, repository.DefaultBranch, repository.CanPush));
        Assert.Contains("repo", repository.OAuthScopes);
        Assert.Equal(GitHubTokenKind.Classic, kind);
        Assert.Equal(["GET /repos/octokit-fixture-org/hello-world"], replay.Answered);
        Assert.DoesNotContain(_log.Messages, m => m.Contains("cannot push", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recorded_422_is_one_line_with_githubs_field_error()
    {
        var replay = await FixtureReplay.LoadAsync("errors");

        var connection = new ApiConnection(Client(replay).Connection); // Octokit's NewLabel refuses the invalid color before sending it
        var e = await Assert.ThrowsAsync<ApiValidationException>(() =>
            connection.Post<Label>(new Uri("repos/octokit-fixture-org/errors/labels", UriKind.Relative), new { name = "foo", color = "invalid" }));
        var (what, fix) = GitHubFailure.Describe(e, "creating a label", "issues: write", GitHubClientFactory.DefaultApiUrl);

        Assert.Equal("GitHub refused creating a label (422 Validation Failed: Label.color invalid)", what);
        Assert.Equal("fix what GitHub names, then re-run", fix);
        Assert.Single(replay.Answered); // final: not asked again
    }

    [Fact]
    public async Task A_recorded_404_is_one_line()
    {
        var replay = await FixtureReplay.LoadAsync("branch-protection");

        var e = await Assert.ThrowsAsync<NotFoundException>(() =>
            Client(replay).Repository.Branch.GetBranchProtection("octokit-fixture-org", "branch-protection", "main"));
        var (what, _) = GitHubFailure.Describe(e, "reading branch protection", "administration: read", GitHubClientFactory.DefaultApiUrl);

        Assert.Equal("GitHub answered 404 while reading branch protection (Branch not protected)", what);
        Assert.Single(replay.Answered);
    }

    [Fact]
    public async Task Link_paging_follows_githubs_next_links_to_the_last_page()
    {
        var replay = await FixtureReplay.LoadAsync("paginate-issues");
        var connection = new ApiConnection(Client(replay).Connection);

        var issues = await connection.GetAll<Issue>(new Uri("repos/octokit-fixture-org/paginate-issues/issues", UriKind.Relative),
            new ApiOptions { PageSize = 3 });

        Assert.Equal(5, replay.Answered.Count);
        Assert.Equal("GET /repositories/1000/issues?per_page=3&page=5", replay.Answered[^1]);
        Assert.Equal(13, issues.Count);
        Assert.Equal(issues.Select(i => i.Number).OrderByDescending(n => n), issues.Select(i => i.Number));
    }

    [Fact]
    public async Task Git_refs_are_read_created_and_deleted_as_recorded()
    {
        var replay = await FixtureReplay.LoadAsync("git-refs");
        var client = Client(replay);

        var refs = await client.Git.Reference.GetAll("octokit-fixture-org", "git-refs");
        var created = await client.Git.Reference.Create("octokit-fixture-org", "git-refs",
            new NewReference("refs/heads/test", "0000000000000000000000000000000000000002"));
        await client.Git.Reference.Delete("octokit-fixture-org", "git-refs", "heads/test");

        Assert.Equal("refs/heads/main", refs[0].Ref);
        Assert.Equal(("refs/heads/test", "0000000000000000000000000000000000000002"), (created.Ref, created.Object.Sha));
        Assert.Equal(3, replay.Answered.Count);
    }

    /// <summary>The recordings (2017, re-normalized since) are older than the description: the only differences allowed are the
    /// fields GitHub added to its answers since (has_discussions, 2022) — the validator accepts real GitHub answers otherwise.</summary>
    [Fact]
    public async Task Githubs_recorded_answers_match_its_openapi_description_but_for_fields_added_since()
    {
        var openApi = await GitHubOpenApi.LoadAsync();
        var problems = new List<string>();
        foreach (var scenario in new[] { "get-repository", "git-refs", "errors", "branch-protection", "paginate-issues" })
        foreach (var recording in (await FixtureReplay.LoadAsync(scenario)).Unused.Take(2))
        {
            var body = recording["response"] is { } response && response.ToJsonString() != "\"\"" ? response.ToJsonString() : null;
            problems.AddRange(openApi.Validate(recording["method"]!.GetValue<string>().ToUpperInvariant(), recording["path"]!.GetValue<string>(),
                recording["status"]!.GetValue<int>(), body));
        }

        Assert.Equal(["GET /repos/{owner}/{repo} 200:  required: Required properties [\"has_discussions\"] are not present"], problems.Distinct());
    }
}
