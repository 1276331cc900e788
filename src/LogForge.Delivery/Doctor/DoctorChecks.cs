using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Environments;
using LogForge.Delivery.GitHub;

namespace LogForge.Delivery.Doctor;

/// <summary>Every Doctor row, asked at once: the tools, the cluster, GitHub and the registry (docs/doctor.md). <paramref name="labManifests"/>
/// loads what Bootstrap applies, for its RBAC row (<see cref="ClusterChecks"/>).</summary>
public sealed class DoctorChecks(string repoRoot, EnvironmentPolicy policy, ClusterSettings cluster, GitHubAccess github, GitHubRepository? repository,
    HttpClient registryHttp, Uri registryUrl, bool registryRequired, Func<CancellationToken, Task<LabManifests>>? labManifests = null,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<DoctorReport> RunAsync(CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var dotnet = ToolChecks.DotnetAsync(repoRoot, ct);
        var helm = ToolChecks.HelmAsync(repoRoot, ct);
        var clusterRows = new ClusterChecks(cluster, policy, labManifests).RunAsync(ct);
        var token = GitHubCheck.RunAsync(github, repository);
        var registry = RegistryCheck.RunAsync(registryHttp, registryUrl, registryRequired, ct);
        DoctorRow[] rows = [await dotnet, await helm, .. await clusterRows, await token, await registry];
        return new DoctorReport(rows, _time.GetElapsedTime(started));
    }
}
