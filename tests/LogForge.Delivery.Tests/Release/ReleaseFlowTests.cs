using LogForge.Delivery.Changes;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Release;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Versions;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Release;

/// <summary>Release end to end: a real bare origin, the fake GitHub through its API URL, real helm in the gate.</summary>
public sealed class ReleaseFlowTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    [Fact]
    public async Task Opens_one_pull_request_that_changes_exactly_dev_and_staging()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        var before = await Files(s, "main");

        var outcome = await s.RunAsync();

        Assert.Equal(ReleaseResult.Opened, outcome.Result);
        var pr = Assert.Single(s.GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name).PullRequests);
        Assert.Equal(("release/v0.2.0", "main", "Release v0.2.0 to dev and staging"), (pr.Head, pr.Base, pr.Title));
        var branch = await s.Origin.ResolveAsync("refs/heads/release/v0.2.0");
        Assert.Equal(branch, outcome.ReleaseCommit);
        Assert.Equal(await s.Origin.ResolveAsync("refs/heads/main"), await s.Origin.Bare.OutputAsync(["rev-parse", branch + "^1"], default));
        Assert.Equal("release: v0.2.0 to dev and staging", await s.Origin.Bare.OutputAsync(["log", "-1", "--format=%s", branch!], default));
        Assert.Equal([ReleaseScenario.Dev, ReleaseScenario.Staging], await s.Origin.ChangedFilesAsync(branch!));
        var after = await Files(s, "release/v0.2.0");
        Assert.Equal(before[ReleaseScenario.Dev].Replace("tag: \"0.1.0\"", "tag: \"0.2.0\""), after[ReleaseScenario.Dev]);
        Assert.Equal(before[ReleaseScenario.Staging].Replace("tag: \"0.1.0\"", "tag: \"0.2.0\""), after[ReleaseScenario.Staging]);
        Assert.Equal(before[ReleaseScenario.Production], after[ReleaseScenario.Production]);

        Assert.Contains("git tag `v0.2.0` → image tag and `/version` `0.2.0`", pr.Body);
        Assert.Contains("`ghcr.io/logforge-dev/logforge:0.2.0`", pr.Body);
        Assert.Contains("| `deploy/env/dev/values.yaml` | `0.1.0` → `0.2.0` | none → none |", pr.Body);
        Assert.Contains("| `deploy/env/staging/values.yaml` | `0.1.0` → `0.2.0` | none → none |", pr.Body);
        Assert.Contains("✅ passed:", pr.Body);
        Assert.Contains("| Parity staging vs production | ✅ Passed |", pr.Body);
        Assert.Contains($"`{branch}`", pr.Body);
        Assert.Contains("Production is untouched: `deploy/env/production/values.yaml` stays at `0.1.0`", pr.Body);
        Assert.Contains("./build.sh Promote --version v0.2.0", pr.Body);
        Assert.Contains("opened pull request #1", outcome.Summary);
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task The_image_digest_is_pinned_beside_the_tag_in_dev_and_staging_and_the_chart_renders_it()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var before = await Files(s, "main");

        var outcome = await s.RunAsync(s.Request() with { ImageDigest = digest });

        Assert.Equal(ReleaseResult.Opened, outcome.Result);
        var after = await Files(s, "release/v0.2.0");
        foreach (var file in new[] { ReleaseScenario.Dev, ReleaseScenario.Staging })
            Assert.Equal(before[file].Replace("tag: \"0.1.0\"\n", $"tag: \"0.2.0\"\n  digest: \"{digest}\"\n"), after[file]);
        Assert.Equal(before[ReleaseScenario.Production], after[ReleaseScenario.Production]);
        var pr = Assert.Single(s.GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name).PullRequests);
        Assert.Contains("| `deploy/env/staging/values.yaml` | `0.1.0` → `0.2.0` | none → `sha256:0123456789ab` |", pr.Body);
        Assert.Contains("| Parity staging vs production | ✅ Passed |", pr.Body);

        var clone = await s.Origin.CloneAsync("rendered");
        await new GitCli(clone).OutputAsync(["checkout", "--quiet", "release/v0.2.0"], default);
        var render = await new LogForge.Delivery.Environments.HelmRenderer(clone, helm.Helm).RenderAsync("staging");
        Assert.True(render.Succeeded, render.Failure);
        Assert.Contains($"image: \"ghcr.io/logforge-dev/logforge:0.2.0@{digest}\"", render.Manifest);
        Assert.Contains("LOGFORGE_VERSION: \"0.2.0\"", render.Manifest);
    }

    [Fact]
    public async Task A_second_run_reuses_the_pull_request_and_pushes_nothing_new()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        await s.RunAsync();
        var branch = await s.Origin.ResolveAsync("refs/heads/release/v0.2.0");

        var second = await s.RunAsync();

        Assert.Equal(ReleaseResult.Updated, second.Result);
        Assert.Equal(1, second.PullRequest!.Number);
        Assert.Single(s.GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name).PullRequests);
        Assert.Equal(1, s.GitHub.Count("POST", s.PullsPath));
        Assert.Equal(branch, await s.Origin.ResolveAsync("refs/heads/release/v0.2.0"));
        Assert.Contains(s.Log.Messages, l => l.Contains("already holds this change"));
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_rerun_after_main_moved_rebuilds_the_branch_on_main_and_refreshes_the_same_pull_request()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        await s.RunAsync();
        var first = await s.Origin.ResolveAsync("refs/heads/release/v0.2.0");
        var moved = await s.Origin.CommitAndPushAsync("docs on main", root => File.WriteAllText(Path.Combine(root, "NOTES.md"), "notes\n"));

        var second = await s.RunAsync();

        var rebuilt = await s.Origin.ResolveAsync("refs/heads/release/v0.2.0");
        Assert.NotEqual(first, rebuilt);
        Assert.Equal(moved, await s.Origin.Bare.OutputAsync(["rev-parse", rebuilt + "^1"], default));
        Assert.Equal([ReleaseScenario.Dev, ReleaseScenario.Staging], await s.Origin.ChangedFilesAsync(rebuilt!));
        Assert.Equal((ReleaseResult.Updated, 1), (second.Result, second.PullRequest!.Number));
        Assert.Equal(1, s.GitHub.Count("POST", s.PullsPath));
        Assert.Contains($"`{rebuilt}`", s.GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name).PullRequests[0].Body);
    }

    [Fact]
    public async Task After_the_merge_a_run_says_so_and_changes_nothing()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        var opened = await s.RunAsync();
        var client = GitHubClientFactory.Create(s.GitHub.ApiUrl, ReleaseScenario.Token);
        var merge = await client.PullRequest.Merge(ReleaseScenario.Owner, ReleaseScenario.Name, opened.PullRequest!.Number, new Octokit.MergePullRequest());
        var main = await s.Origin.ResolveAsync("refs/heads/main");
        Assert.Equal(merge.Sha, main);
        Assert.Equal("0.2.0", Tag(await s.Origin.ShowAsync("main", ReleaseScenario.Staging)));

        var again = await s.RunAsync();

        Assert.Equal(ReleaseResult.AlreadyMerged, again.Result);
        Assert.StartsWith($"v0.2.0 is already released: pull request #1 was merged", again.Summary);
        Assert.Contains(merge.Sha[..12], again.Summary);
        Assert.Equal(1, s.GitHub.Count("POST", s.PullsPath));
        Assert.Equal(main, await s.Origin.ResolveAsync("refs/heads/main"));
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_version_main_already_runs_is_nothing_to_release()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        await s.Origin.TagAsync("v0.1.0");

        var outcome = await s.RunAsync("v0.1.0");

        Assert.Equal(ReleaseResult.NothingToRelease, outcome.Result);
        Assert.Equal("dev and staging on main already run 0.1.0 — nothing to release", outcome.Summary);
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/release/v0.1.0"));
        Assert.Equal(0, s.GitHub.Count("POST", s.PullsPath));
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task Dry_run_shows_the_diff_title_and_body_without_token_or_github()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var outcome = await s.RunAsync(dryRun: true, token: null);

        Assert.Equal(ReleaseResult.DryRun, outcome.Result);
        Assert.DoesNotContain(s.GitHub.Requests, r => r.Api); // git still reads origin (over the fake's smart HTTP), no API call
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/release/v0.2.0"));
        Assert.Contains("diff --git a/deploy/env/dev/values.yaml b/deploy/env/dev/values.yaml", outcome.Diff);
        Assert.Contains("diff --git a/deploy/env/staging/values.yaml b/deploy/env/staging/values.yaml", outcome.Diff);
        Assert.DoesNotContain("production", outcome.Diff);
        Assert.Contains("-  tag: \"0.1.0\"\n+  tag: \"0.2.0\"", outcome.Diff);
        Assert.Contains(s.Log.Messages, l => l == "Pull request title: Release v0.2.0 to dev and staging");
        Assert.Contains(s.Log.Messages, l => l.Contains("-  tag: \"0.1.0\""));
        Assert.Contains(s.Log.Messages, l => l.Contains("Production is untouched"));
        Assert.Contains("(made when the release runs without --dry-run)", outcome.Body);
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_missing_tag_is_refused_before_any_change()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var failure = await s.FailAsync("v0.3.0");

        Assert.StartsWith("tag: git tag v0.3.0 exists neither in the checkout nor on origin — tag the commit", failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task An_origin_without_a_default_branch_is_refused()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        await s.Origin.Bare.OutputAsync(["symbolic-ref", "HEAD", "refs/heads/gone"], default);

        var failure = await s.FailAsync(dryRun: true, token: null);

        Assert.StartsWith("origin: origin's HEAD names no branch, so its default branch is unknown — set the repository's default branch", failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task A_dirty_tree_is_refused_and_left_as_it_is()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        var file = Path.Combine(s.Checkout, ReleaseScenario.Dev);
        File.AppendAllText(file, "# local edit\n");

        var failure = await s.FailAsync();

        Assert.Equal("checkout: the working tree has uncommitted changes (deploy/env/dev/values.yaml) — commit or stash them, then re-run", failure.Message);
        Assert.EndsWith("# local edit\n", File.ReadAllText(file));
        Assert.Empty(s.GitHub.Requests);
        await new GitCli(s.Checkout).OutputAsync(["checkout", "--", ReleaseScenario.Dev], default);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task A_missing_token_is_refused_unless_dry_run()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var failure = await s.FailAsync(token: null);

        Assert.Equal("GitHub: no GitHub token — set --github-token or GITHUB_TOKEN (--dry-run needs none)", failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task A_403_on_pull_request_creation_reports_the_pushed_branch_and_the_rerun_completes_it()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        s.GitHub.Fail("POST", s.PullsPath, 403, "Resource not accessible by integration", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");

        var failure = await s.FailAsync();

        var branch = await s.Origin.ResolveAsync("refs/heads/release/v0.2.0");
        Assert.StartsWith("pull request: GitHub refused creating the pull request (403 Resource not accessible by integration); release/v0.2.0 is " +
            "pushed", failure.Message);
        Assert.Contains("without a pull request — the re-run opens it — give the token pull-requests: write", failure.Message);
        Assert.Empty(s.GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name).PullRequests);
        await s.AssertCheckoutUntouchedAsync();

        s.GitHub.ClearFailures();
        var rerun = await s.RunAsync();

        Assert.Equal(ReleaseResult.Opened, rerun.Result);
        Assert.Equal(branch, rerun.ReleaseCommit);
        Assert.Single(s.GitHub.Repository(ReleaseScenario.Owner, ReleaseScenario.Name).PullRequests);
    }

    [Fact]
    public async Task An_unreachable_github_is_one_line_before_anything_is_pushed()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        var stopped = await LogForge.Testing.GitHub.FakeGitHub.StartAsync();
        var closed = stopped.ApiUrl;
        await stopped.DisposeAsync();

        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() => s.RunAsync(s.Request(), apiUrl: closed));

        Assert.StartsWith($"GitHub: cannot reach GitHub at {closed} while reading the repository and its pull requests (", failure.Message);
        Assert.EndsWith("— check --github-api-url and the network, then re-run", failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task An_unknown_repository_stops_before_anything_is_pushed()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() =>
            s.RunAsync(s.Request() with { Repository = new GitHubRepository(ReleaseScenario.Owner, "missing") }));

        Assert.Equal("GitHub: GitHub answered 404 while reading the repository and its pull requests (Not Found) — " +
                     "check --repository and that the token can see the repository", failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    /// <summary>With origin on GitHub's web host (here the fake's smart HTTP), git is the first to show a bad token: GitHub answers 401 and
    /// git, with prompts off, cannot ask for a username.</summary>
    [Fact]
    public async Task A_bad_token_stops_at_the_first_git_read_before_anything_is_pushed()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() => s.RunAsync(s.Request(), "wrong-token"));

        Assert.StartsWith("GitHub: GitHub rejected the token when git ls-remote talked to the remote (HTTP 401; git: fatal: could not read Username",
            failure.Message);
        Assert.EndsWith("— set a valid --github-token (or GITHUB_TOKEN)", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public void A_github_api_url_that_is_not_a_url_is_refused()
    {
        var failure = Assert.Throws<DeliveryStepException>(() => new GitHubAccess("api.github.com", "t"));
        Assert.Equal("GitHub: --github-api-url 'api.github.com' is not an http(s) URL — pass https://api.github.com or GitHub Enterprise's " +
            "https://HOST/api/v3", failure.Message);
    }

    [Fact]
    public async Task A_rejected_push_stops_before_any_pull_request()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        var hook = Path.Combine(s.Origin.BarePath, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\necho 'release branches are protected' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var failure = await s.FailAsync();

        Assert.StartsWith("push: origin rejected the push of release/v0.2.0 (", failure.Message);
        Assert.Contains("nothing was opened — check the token's contents: write permission and branch protection", failure.Message);
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/release/v0.2.0"));
        Assert.Equal(0, s.GitHub.Count("POST", s.PullsPath));
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_release_branch_with_commits_release_did_not_make_is_never_overwritten()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        await s.RunAsync();
        await s.Origin.Seed.OutputAsync(["fetch", "--quiet", "origin", "release/v0.2.0"], default);
        await s.Origin.Seed.OutputAsync(["checkout", "--quiet", "FETCH_HEAD"], default);
        File.WriteAllText(Path.Combine(s.Origin.SeedPath, "REVIEW.md"), "a reviewer's fix\n");
        await s.Origin.Seed.OutputAsync(["add", "REVIEW.md"], default);
        (await s.Origin.Seed.RunAsync(["commit", "--quiet", "-m", "reviewer fix"], default, environment: OriginRepository.TestIdentity)).EnsureSucceeded();
        await s.Origin.Seed.OutputAsync(["push", "--quiet", "origin", "HEAD:refs/heads/release/v0.2.0"], default);
        var theirs = await s.Origin.ResolveAsync("refs/heads/release/v0.2.0");
        await s.Origin.Seed.OutputAsync(["checkout", "--quiet", "main"], default);
        await s.Origin.CommitAndPushAsync("main moves", root => File.WriteAllText(Path.Combine(root, "NOTES.md"), "n\n"));

        var failure = await s.FailAsync();

        Assert.Equal("push: release/v0.2.0 on origin holds commits this flow did not make — merge or close its pull request, or delete the branch " +
            "on origin, then re-run", failure.Message);
        Assert.Equal(theirs, await s.Origin.ResolveAsync("refs/heads/release/v0.2.0"));
        await s.AssertCheckoutUntouchedAsync();
    }

    [Fact]
    public async Task A_failing_gate_stops_the_release_before_anything_is_pushed()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm, root =>
        {
            var staging = Path.Combine(root, ReleaseScenario.Staging);
            File.WriteAllText(staging, File.ReadAllText(staging).Replace("replicaCount: 2\n", "replicaCount: 3\n"));
        });

        var failure = await s.FailAsync();

        Assert.StartsWith("gate: 1 validation checks failed on the release tree (Parity staging vs production); nothing was pushed — see the table " +
            "above or artifacts/validation-report.md", failure.Message);
        Assert.Contains(s.Log.Messages, l => l.Contains("spec.replicas  staging=3  production=2"));
        Assert.Contains("❌ failed", File.ReadAllText(Path.Combine(s.Checkout, "artifacts", "validation-report.md")));
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task A_repository_whose_image_the_values_files_do_not_pull_is_refused()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var failure = await Assert.ThrowsAsync<DeliveryStepException>(() =>
            s.RunAsync(s.Request(dryRun: true) with { Repository = new GitHubRepository("Acme", "logforge") }, token: null));

        Assert.Equal("image: release.yml pushes ghcr.io/acme/logforge for Acme/logforge, but the values files pull ghcr.io/logforge-dev/logforge " +
            "(deploy/env/policy.yaml) — " +
                     "release from the repository that owns the image, or change image.repository in the policy and values files", failure.Message);
        await AssertNothingHappenedAsync(s);
    }

    [Fact]
    public async Task A_tag_that_exists_only_on_origin_is_enough()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);
        await s.Origin.TagAsync("v0.3.0");

        var outcome = await s.RunAsync("v0.3.0", dryRun: true, token: null);

        Assert.Equal(ReleaseResult.DryRun, outcome.Result);
        Assert.Contains(await s.Origin.ResolveAsync("v0.3.0") ?? "?", outcome.Body);
    }

    [Fact]
    public async Task The_token_appears_in_no_log_line_artifact_or_git_file()
    {
        await using var s = await ReleaseScenario.CreateAsync(helm.Helm);

        var outcome = await s.RunAsync();

        Assert.Equal(ReleaseResult.Opened, outcome.Result);
        Assert.All(s.GitHub.Requests, r => Assert.True(r.CarriedToken, r.ToString())); // it was used …
        string[] forms = [ReleaseScenario.Token, .. new GitHubAccess(null, ReleaseScenario.Token).DerivedSecrets];
        var texts = new List<(string Where, string Text)> { ("log", s.Log.Text), ("pull request body", outcome.Body!) };
        texts.AddRange(s.GitHub.Requests.Select(r => ($"request {r}", r.Body + r.Query)));
        foreach (var root in new[] { s.Checkout, s.Origin.BarePath })
            texts.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => (f, File.ReadAllText(f))));
        foreach (var (where, text) in texts)
        foreach (var form in forms)
            Assert.False(text.Contains(form, StringComparison.Ordinal), $"the token appears in {where}"); // … and is nowhere else
    }

    private static async Task AssertNothingHappenedAsync(ReleaseScenario s)
    {
        Assert.Null(await s.Origin.ResolveAsync("refs/heads/release/v0.2.0"));
        Assert.Equal(0, s.GitHub.Count("POST", s.PullsPath));
        await s.AssertCheckoutUntouchedAsync();
    }

    private static async Task<Dictionary<string, string>> Files(ReleaseScenario s, string revision)
    {
        var files = new Dictionary<string, string>();
        foreach (var file in new[] { ReleaseScenario.Dev, ReleaseScenario.Staging, ReleaseScenario.Production })
            files[file] = await s.Origin.ShowAsync(revision, file) ?? "";
        return files;
    }

    private static string? Tag(string? values) => values is null ? null : ImageTagEdit.Locate(values, "values").Tag;
}
