using LogForge.Delivery.Changes;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Waiting;
using Serilog;

namespace LogForge.Delivery.Promotion;

/// <summary>
/// --wait-for-merge: reads the pull request every five seconds (<see cref="PollWithProgress"/>, on <paramref name="time"/>) until
/// it is merged, with a line each time; closed without merging, or not merged within the timeout, is a failed step.
/// </summary>
internal sealed class MergeWait(GitHubPullRequests pulls, string apiUrl, ILogger log, TimeProvider? time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    public async Task UntilMergedAsync(PullRequestInfo pr, TimeSpan timeout, CancellationToken ct)
    {
        var poll = await new PollWithProgress(log, time).UntilAsync(async _ =>
        {
            var current = await GitHubFailure.GuardAsync(() => pulls.GetAsync(pr.Number), "pull request", $"reading pull request #{pr.Number}",
                "pull-requests: read", apiUrl, ct);
            if (!current.Merged && !current.Open)
                throw new DeliveryStepException("pull request", $"pull request #{pr.Number} was closed without merging",
                    "reopen it or run this again to open a new one");
            return new PollAnswer<bool>(current.Merged, current.Merged, current.Open ? "open" : "closed");
        }, new PollSchedule(timeout, PollInterval, PollInterval), ct, (_, elapsed) =>
            log.Information("Waiting for pull request #{Number} to be merged ({Elapsed:0}s of {Timeout:0}s) {Url}", pr.Number, elapsed.TotalSeconds,
                timeout.TotalSeconds, pr.Url));
        if (!poll.Done)
            throw new DeliveryStepException("pull request", $"pull request #{pr.Number} was not merged within {timeout.TotalMinutes:0.#} min",
                "merge it, then run this again");
    }
}
