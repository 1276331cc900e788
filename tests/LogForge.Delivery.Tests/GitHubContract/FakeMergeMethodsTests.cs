using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Testing;
using LogForge.Testing.GitHub;
using Octokit;

namespace LogForge.Delivery.Tests.GitHubContract;

/// <summary>The fake GitHub performs each merge method as GitHub does (REST "Merge a pull request"; the repository's
/// squash_merge_commit_title / _message settings of @octokit/openapi's full-repository), into the real bare origin.</summary>
public sealed class FakeMergeMethodsTests : IAsyncLifetime
{
    private const string Token = "test-token-FakeMergeMethodsTestsToken0000000000";
    private OriginRepository _origin = null!;
    private FakeGitHub _github = null!;
    private IGitHubClient _client = null!;
    private GitCli Bare => _origin.Bare;

    public async Task InitializeAsync()
    {
        _origin = await OriginRepository.CreateAsync();
        _github = await FakeGitHub.StartAsync(Token);
        _github.AddRepository("acme", "app", _origin.BarePath);
        _client = GitHubClientFactory.Create(_github.ApiUrl, Token, LogForge.Delivery.Resilience.RetryBudget.For(TimeSpan.Zero));
    }

    [Fact]
    public async Task Merge_writes_a_commit_with_the_base_and_the_head_as_parents()
    {
        var (baseSha, head) = (await MainAsync(), await PushBranchAsync("feature", "change one\n\nwhy\n\nKey: one"));
        var pr = await OpenAsync("feature", "Feature title", "the body");

        var merge = await MergeAsync(pr, PullRequestMergeMethod.Merge);

        Assert.Equal($"{merge} {baseSha} {head}", await LogAsync("%H %P", merge));
        Assert.Equal($"Merge pull request #{pr} from acme/feature\n\nFeature title", await LogAsync("%B", merge));
        Assert.Equal("GitHub", await LogAsync("%cn", merge));
    }

    [Fact]
    public async Task Squash_by_default_takes_a_single_commits_subject_and_body_with_the_number()
    {
        var baseSha = await MainAsync();
        await PushBranchAsync("feature", "change one\n\nwhy it changed\n\nKey: one");
        var pr = await OpenAsync("feature", "Feature title", "the body");

        var squash = await MergeAsync(pr, PullRequestMergeMethod.Squash);

        Assert.Equal($"{squash} {baseSha}", await LogAsync("%H %P", squash));
        Assert.Equal($"change one (#{pr})\n\nwhy it changed\n\nKey: one", await LogAsync("%B", squash));
        Assert.Equal("Key: one", await Bare.OutputAsync(["log", "-1", "--format=%(trailers:only,unfold)", squash], default));
        Assert.Equal(("Test Author", "GitHub"), (await LogAsync("%an", squash), await LogAsync("%cn", squash)));
    }

    [Fact]
    public async Task Squash_of_several_commits_takes_the_title_and_lists_every_commit()
    {
        await PushBranchAsync("feature", "first change\n\nfirst body", "second change");
        var pr = await OpenAsync("feature", "Feature title", "the body");

        var squash = await MergeAsync(pr, PullRequestMergeMethod.Squash);

        Assert.Equal($"Feature title (#{pr})\n\n* first change\n\nfirst body\n\n* second change", await LogAsync("%B", squash));
    }

    [Theory]
    [InlineData("PR_TITLE", "PR_BODY", "Feature title (#1)\n\nthe body\n\nKey: body")]
    [InlineData("COMMIT_OR_PR_TITLE", "BLANK", "change one (#1)")]
    [InlineData("PR_TITLE", "COMMIT_MESSAGES", "Feature title (#1)\n\n* change one\n\nKey: one")]
    public async Task Squash_follows_the_repositorys_settings(string title, string message, string expected)
    {
        (_github.Repository("acme", "app").SquashMergeCommitTitle, _github.Repository("acme", "app").SquashMergeCommitMessage) = (title, message);
        await PushBranchAsync("feature", "change one\n\nKey: one");
        var pr = await OpenAsync("feature", "Feature title", "the body\n\nKey: body");

        Assert.Equal(expected, await LogAsync("%B", await MergeAsync(pr, PullRequestMergeMethod.Squash)));
    }

    [Fact]
    public async Task Squash_with_commit_title_and_message_uses_them()
    {
        await PushBranchAsync("feature", "change one");
        var pr = await OpenAsync("feature", "Feature title", "the body");

        var squash = (await _client.PullRequest.Merge("acme", "app", pr,
            new MergePullRequest { MergeMethod = PullRequestMergeMethod.Squash, CommitTitle = "Chosen", CommitMessage = "chosen body" })).Sha;

        Assert.Equal("Chosen\n\nchosen body", await LogAsync("%B", squash));
    }

    [Fact]
    public async Task Rebase_replays_each_commit_on_the_base_with_its_message_and_author_committed_by_GitHub()
    {
        await PushBranchAsync("feature", "first change\n\nKey: first", "second change\n\nKey: second");
        var pr = await OpenAsync("feature", "Feature title", "the body");
        await _origin.CommitAndPushAsync("main moved", root => File.WriteAllText(Path.Combine(root, "main-moved.txt"), "moved\n"));
        var baseSha = await MainAsync();

        var tip = await MergeAsync(pr, PullRequestMergeMethod.Rebase);

        var log = await Bare.OutputAsync(["log", "--format=%s|%an|%cn|%(trailers:only,unfold)", $"{baseSha}..{tip}"], default);
        Assert.Equal("second change|Test Author|GitHub|Key: second\n\nfirst change|Test Author|GitHub|Key: first", log);
        Assert.Equal(baseSha, await Bare.OutputAsync(["rev-parse", $"{tip}~2"], default));
        Assert.Equal("moved\n", await _origin.ShowAsync(tip, "main-moved.txt"));
        Assert.NotNull(await _origin.ShowAsync(tip, "feature-2.txt"));
        Assert.Equal(tip, (await _client.PullRequest.Get("acme", "app", pr)).MergeCommitSha);
    }

    [Fact]
    public async Task An_unknown_merge_method_is_422_and_changes_nothing()
    {
        await PushBranchAsync("feature", "change one");
        var pr = await OpenAsync("feature", "Feature title", "the body");
        var before = await MainAsync();

        var failure = await Assert.ThrowsAnyAsync<ApiException>(() => _client.Connection.Put<object>(
            new Uri($"repos/acme/app/pulls/{pr}/merge", UriKind.Relative), new { merge_method = "fast-forward" }));
        Assert.Equal(422, (int)failure.StatusCode);
        Assert.Equal(before, await MainAsync());
    }

    private Task<string> MainAsync() => Bare.OutputAsync(["rev-parse", "refs/heads/main"], default);

    private Task<string> LogAsync(string format, string commit) => Bare.OutputAsync(["log", "-1", $"--format={format}", commit], default);

    private async Task<int> OpenAsync(string head, string title, string body) =>
        (await _client.PullRequest.Create("acme", "app", new NewPullRequest(title, head, "main") { Body = body })).Number;

    private async Task<string> MergeAsync(int number, PullRequestMergeMethod method) =>
        (await _client.PullRequest.Merge("acme", "app", number, new MergePullRequest { MergeMethod = method })).Sha;

    /// <summary>One commit per message on a new branch off main (each adds a file), pushed; the seed returns to main.</summary>
    private async Task<string> PushBranchAsync(string branch, params string[] messages)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            File.WriteAllText(Path.Combine(_origin.SeedPath, $"{branch}-{i + 1}.txt"), $"{branch} {i + 1}\n");
            await _origin.Seed.OutputAsync(["add", "--all"], default);
            (await _origin.Seed.RunAsync(["commit", "--quiet", "-m", messages[i]], default, environment: OriginRepository.TestIdentity)).EnsureSucceeded();
        }
        await _origin.Seed.OutputAsync(["push", "--quiet", "origin", $"HEAD:refs/heads/{branch}"], default);
        var sha = await _origin.Seed.OutputAsync(["rev-parse", "HEAD"], default);
        await _origin.Seed.OutputAsync(["reset", "--quiet", "--hard", "origin/main"], default);
        return sha;
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _origin.Dispose();
    }
}
