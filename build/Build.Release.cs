using LogForge.Build.Engine;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Release;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Validation;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
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
            var gate = new PullRequestGate(RootDirectory, Helm, !FreshRender, SecretValues.Apply);
            var outcome = await new ReleaseFlow(github, gate.RunAsync).RunAsync(request, ct);
            Log.Information("{Outcome}", outcome.Summary);
        });
}
