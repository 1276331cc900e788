using LogForge.Delivery.Cluster;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Tools;
using Serilog;

namespace LogForge.Delivery.Status;

/// <summary>
/// One Status read: git (always), the cluster when there is one (<paramref name="noCluster"/> says why not), GitHub when there is a
/// token — the three halves at once, and within the cluster half the environments at once — then the flags. Git's staging and
/// production are also rendered and judged for parity when there is a <paramref name="helm"/> (<paramref name="noHelm"/> says why not).
/// </summary>
public sealed class StatusReader(GitHubAccess github, ClusterConnection? cluster, string? noCluster, HelmTool? helm, string? noHelm, ILogger log,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<StatusReport> ReadAsync(string checkoutRoot, GitHubRepository? repository, CancellationToken ct)
    {
        var readAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var pulls = ReadPullRequestsAsync(checkoutRoot, repository, ct);
        var (revision, source, sides) = await DesiredReader.ReadAsync(checkoutRoot, ct);

        var policy = sides[0].Environment.Policy;
        var parity = GitParityReader.ReadAsync(checkoutRoot, revision, policy, helm, noHelm, ct);
        var reader = cluster is null ? null : new ClusterReader(cluster, log);
        var live = await Task.WhenAll(sides.Select(side => reader is null
            ? Task.FromResult<(ArgoView?, LiveView?, string?)>((null, null, noCluster ?? "no cluster"))
            : reader.ReadAsync(side.Environment, ct)));

        var synced = await Task.WhenAll(live.Select((l, i) => SyncedPinAsync(checkoutRoot, l.Item1?.Revision, sides[i].Desired.ValuesFile, ct)));
        var environments = sides.Select((side, i) =>
        {
            var (argo, liveView, problem) = live[i];
            var env = new EnvironmentStatus(side.Environment.Name, side.Environment.Namespace, side.Environment.ApplicationName,
                side.Environment.Rule.AutomatedSync, side.Desired, argo, synced[i], liveView, problem, []);
            return env with { Flags = StatusFlags.For(env, side.Ledger) };
        }).ToList();
        var ledgers = sides.ToDictionary(s => s.Environment.Name, s => s.Ledger);
        // A flag across environments that is about one of them (production behind staging) is shown with it; the rest with the whole.
        var (gitParity, parityProblem) = await parity;
        var across = StatusFlags.Across(environments, policy, ledgers, gitParity);
        environments = environments.Select(e => e with { Flags = [.. e.Flags, .. across.Where(f => f.Environment == e.Name)] }).ToList();
        var (pullRequests, pullsProblem) = await pulls;
        return new StatusReport(source, revision, readAt, _time.GetElapsedTime(started), environments, cluster?.Description,
            cluster is null ? noCluster : null, pullRequests, pullsProblem, across.Where(f => f.Environment is null).ToList(), gitParity, parityProblem);
    }

    /// <summary>What <paramref name="valuesFile"/> pinned at the revision Argo CD synced; null when there is none or this clone lacks it.</summary>
    private static async Task<Versions.ImagePin?> SyncedPinAsync(string checkoutRoot, string? revision, string valuesFile, CancellationToken ct)
    {
        if (revision is null) return null;
        try
        {
            return await Promotion.PromotionReads.PinAtAsync(new GitCli(checkoutRoot), revision, valuesFile, ct, missingOk: true);
        }
        catch (Changes.DeliveryStepException)
        {
            return null; // the file did not parse there: nothing to compare with
        }
    }

    private async Task<(IReadOnlyList<OpenPullRequest>?, string?)> ReadPullRequestsAsync(string checkoutRoot, GitHubRepository? repository,
        CancellationToken ct)
    {
        if (github.HasToken && repository is null)
            repository = GitHubRepository.FromRemoteUrl(await new GitCli(checkoutRoot).RemoteUrlAsync("origin", ct));
        return await PullRequestReader.ReadAsync(github, repository);
    }
}
