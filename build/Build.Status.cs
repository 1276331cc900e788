using LogForge.Build.Engine;
using LogForge.Delivery;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Status;
using LogForge.Delivery.Tools;
using Serilog;

namespace LogForge.Build;

/// <summary>What runs where: git, Argo CD and the pods of every environment side by side, with the flags (docs/status.md).</summary>
public sealed partial class Build
{
    Target Status => _ => _
        .Description("What runs where, read-only: each environment's pin on the default branch (tag, digest, who set it), Argo CD's sync, health and " +
            "last operation, the Ready pods' images and /version (port-forward), the open release/promote/rollback pull requests (with a token), " +
            "staging/production parity of git's helm renders (with the pinned helm, if present), flags; table, --log-format json, artifacts/status.json and status.html, step summary")
        .Validates(() => Repository.Length > 0 && GitHubRepository.TryParse(Repository) is null ? $"--repository {Repository} is not owner/name — pass owner/name" : null)
        .Executes(async ct =>
        {
            var github = new GitHubAccess(GithubApiUrl, GithubToken, RetryBudget.For(WaitTimeout ?? StatusWaitDefault), ct);
            foreach (var secret in github.DerivedSecrets) SecretValues.Add(secret);
            var helmSearch = HelmResolver.TryFindPinnedAsync(RootDirectory, ct); // Status installs nothing
            var (cluster, noCluster) = await ClusterDetection.DetectAsync(ClusterSettingsWaiting(WaitTimeout ?? StatusWaitDefault), ct);
            using var connection = cluster;
            var (helm, noHelm) = await helmSearch;
            var report = await new StatusReader(github, cluster, noCluster, helm, noHelm, Log.Logger)
                .ReadAsync(RootDirectory, GitHubRepository.TryParse(Repository), ct);
            var files = await StatusPublisher.PublishAsync(report, RepositoryLayout.Artifacts(RootDirectory), JsonLogging, StepSummaryPath,
                SecretValues.Apply, Log.Logger, ct);
            Log.Information("Wrote {Files}", string.Join(", ", files.Select(f => Path.GetRelativePath(RootDirectory, f))));
        });

    /// <summary>Status reads, it does not wait for anything: a transient answer is asked again for this long at most.</summary>
    static readonly TimeSpan StatusWaitDefault = TimeSpan.FromSeconds(20);
}
