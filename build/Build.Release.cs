using LogForge.Build.Engine;
using LogForge.Delivery.Environments;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Release;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
    [Parameter("Release version vMAJOR.MINOR.PATCH[-prerelease] (the git tag; the image tag and /version drop the v)")]
    public string Version { get; set; } = "";

    [Parameter("Show what would change and open (diff, pull request title and body); push and open nothing, no token needed")]
    public bool DryRun { get; set; }

    [Parameter("GitHub token: contents: write and pull-requests: write on the repository"), Secret]
    public string GithubToken { get; set; } = "";

    [Parameter("GitHub repository owner/name (default: parsed from the origin URL)")]
    public string Repository { get; set; } = "";

    [Parameter("GitHub REST API URL: GitHub Enterprise's https://HOST/api/v3, or a test server (default https://api.github.com)")]
    public string GithubApiUrl { get; set; } = "";

    [Parameter("Digest (sha256:…) of the image release.yml pushed, shown in the release pull request")]
    public string ImageDigest { get; set; } = "";

    Target Release => _ => _
        .Description("ONE pull request moving dev + staging to --version: tag edit, ValidationGate on that tree, push release/vX, open or refresh the PR")
        .DependsOn(Tools)
        .Requires(() => Version)
        .Requires(() => GithubToken, () => !DryRun, "except with --dry-run")
        .Executes(async ct =>
        {
            var request = ReleaseArguments.Parse(RootDirectory, Version, DryRun, Repository, ImageDigest, GithubStepSummary);
            var github = new GitHubAccess(GithubApiUrl, GithubToken, RetryBudget.For(WaitTimeout), ct);
            foreach (var secret in github.DerivedSecrets) SecretValues.Add(secret);
            var outcome = await new ReleaseFlow(github, PullRequestTreeGate).RunAsync(request, ct);
            Log.Information("{Outcome}", outcome.Summary);
        });
}
