using LogForge.Delivery.Changes;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Release;

/// <summary>The inputs of one Release run.</summary>
public sealed record ReleaseRequest(string CheckoutRoot, ReleaseVersion Version)
{
    /// <summary>Print the diff, title and body; push and open nothing; needs no token.</summary>
    public bool DryRun { get; init; }
    /// <summary>owner/name on GitHub; null: parsed from the remote's URL.</summary>
    public GitHubRepository? Repository { get; init; }
    /// <summary>sha256:… of the pushed image, shown in the body.</summary>
    public string? ImageDigest { get; init; }
    public string Remote { get; init; } = "origin";
    /// <summary>The Actions run this is part of (provenance), or null.</summary>
    public WorkflowRun? Run { get; init; }
    /// <summary>Markdown file the gate's report is appended to ($GITHUB_STEP_SUMMARY), or null.</summary>
    public string? StepSummaryPath { get; init; }
}

/// <summary>How a Release run ended (failures throw <see cref="DeliveryStepException"/>).</summary>
public enum ReleaseResult
{
    /// <summary>dev and staging already carry the version on the default branch.</summary>
    NothingToRelease,
    /// <summary>The release pull request of this version was merged before.</summary>
    AlreadyMerged,
    /// <summary>--dry-run: shown, nothing pushed or opened.</summary>
    DryRun,
    /// <summary>A new pull request.</summary>
    Opened,
    /// <summary>The open pull request of this version, reused; branch and body refreshed.</summary>
    Updated,
}

/// <summary>The end of a Release run: what happened (one line), and what was built along the way.</summary>
public sealed record ReleaseOutcome(ReleaseResult Result, string Summary)
{
    public IReadOnlyList<ImageTagChange> Changes { get; init; } = [];
    public string? Diff { get; init; }
    public string? Title { get; init; }
    public string? Body { get; init; }
    public ValidationReport? Gate { get; init; }
    public PullRequestInfo? PullRequest { get; init; }
    public string? ReleaseCommit { get; init; }
}

/// <summary>The build's parameters as a <see cref="ReleaseRequest"/>: bad input is refused here, before anything changes.</summary>
public static class ReleaseArguments
{
    public static ReleaseRequest Parse(string checkoutRoot, string version, bool dryRun, string repository, string imageDigest, string stepSummary)
    {
        if (!ReleaseVersion.TryParse(version, out var parsed, out var problem))
            throw new DeliveryStepException("version", problem, "pass --version v0.1.0 (the git tag of the release)");
        GitHubRepository? repo = null;
        if (repository.Length > 0)
            repo = GitHubRepository.TryParse(repository) ?? throw new DeliveryStepException("repository", $"'{repository}' is not owner/name",
                "pass --repository owner/name");
        return new ReleaseRequest(checkoutRoot, parsed!)
        {
            DryRun = dryRun,
            Repository = repo,
            ImageDigest = imageDigest.Length > 0 ? imageDigest : null,
            Run = WorkflowRun.FromProcessEnvironment(),
            StepSummaryPath = stepSummary.Length > 0 ? stepSummary : null,
        };
    }
}
