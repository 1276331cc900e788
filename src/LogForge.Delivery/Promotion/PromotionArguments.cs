using LogForge.Delivery.Changes;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>The build's parameters as a <see cref="PromotionRequest"/>: bad input is refused here, before anything changes.</summary>
public static class PromotionArguments
{
    public static PromotionRequest Parse(string checkoutRoot, PromotionKind kind, string version, bool dryRun, bool waitForMerge, TimeSpan waitTimeout,
        string repository, string reason, bool force, string stepSummary)
    {
        ReleaseVersion? parsed = null;
        if (version.Length > 0 && !ReleaseVersion.TryParse(version, out parsed, out var problem))
            throw new DeliveryStepException("version", problem, $"pass --version v0.1.0 (the git tag of the release)");
        if (kind == PromotionKind.Promote && parsed is null)
            throw new DeliveryStepException("version", "Promote needs --version", "pass --version v0.1.0");
        if (kind == PromotionKind.Promote && force && reason.Trim().Length == 0)
            throw new DeliveryStepException("reason", "Promote --force needs --reason (the ledger records why a rejected version goes back)",
                "pass --force --reason \"…\"");
        GitHubRepository? repo = null;
        if (repository.Length > 0)
            repo = GitHubRepository.TryParse(repository) ?? throw new DeliveryStepException("repository", $"'{repository}' is not owner/name",
                "pass --repository owner/name");
        return new PromotionRequest(checkoutRoot, kind, parsed)
        {
            DryRun = dryRun,
            WaitForMerge = waitForMerge,
            WaitTimeout = waitTimeout,
            Repository = repo,
            Run = WorkflowRun.FromProcessEnvironment(),
            StepSummaryPath = stepSummary.Length > 0 ? stepSummary : null,
            Reason = reason.Length > 0 ? reason : null,
            Force = force,
        };
    }
}
