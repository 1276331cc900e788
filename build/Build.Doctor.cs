using LogForge.Build.Engine;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Doctor;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Registry;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Tools;
using Serilog;

namespace LogForge.Build;

/// <summary>Everything the other targets need, checked at once, each failing row saying what to do (docs/doctor.md).</summary>
public sealed partial class Build
{
    Target Doctor => _ => _
        .Description("One table of what the targets need: dotnet and helm against the pins, kubeconfig and context, the API server, the RBAC of " +
            "each cluster target (SelfSubjectAccessReview), Argo CD's CRD and controller, MinIO, the GitHub token's kind and rights, the image " +
            "registry; exit 1 when a required row fails")
        .Validates(() => Repository.Length > 0 && GitHubRepository.TryParse(Repository) is null ? $"--repository {Repository} is not owner/name — pass owner/name" : null)
        .Executes(async ct =>
        {
            var github = new GitHubAccess(GithubApiUrl, GithubToken, RetryBudget.For(WaitTimeout ?? StatusWaitDefault), ct);
            foreach (var secret in github.DerivedSecrets) SecretValues.Add(secret);
            var repository = GitHubRepository.TryParse(Repository)
                ?? GitHubRepository.FromRemoteUrl(await new GitCli(RootDirectory).RemoteUrlAsync("origin", ct));
            var registryUrl = RegistryUrl.Length > 0 ? RegistryImage.ParseRegistryUrl(RegistryUrl) : RegistryImage.From(Policy.Image.Repository, null).BaseUrl;
            using var registryHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var upstreamHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            // Bootstrap's RBAC row asks for every kind its manifests hold; reading them needs the pinned helm, which Doctor finds but never installs.
            async Task<LabManifests> LabManifestsAsync(CancellationToken token) =>
                await LabPlatformFor(upstreamHttp, await new HelmResolver(RootDirectory).FindAsync(token)
                    ?? throw new InvalidOperationException("no pinned helm to render the Strimzi chart with (./build.sh Tools installs it)")).LoadAsync(token);
            var report = await new DoctorChecks(RootDirectory, Policy, ClusterSettingsWaiting(WaitTimeout ?? StatusWaitDefault), github, repository,
                registryHttp, registryUrl, registryRequired: RegistryUrl.Length > 0, LabManifestsAsync).RunAsync(ct);
            foreach (var line in SecretValues.Apply(DoctorTable.Format(report)).Split('\n')) Log.Information("{Line}", line);
            if (!report.Passed)
                throw new InvalidOperationException($"{string.Join(", ", report.Failed.Select(r => r.Check))} failed — see the table above");
        });
}
