using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Cluster.Secrets;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Storage;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Tools;
using LogForge.Delivery.Validation;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Storage;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster.Faults;

/// <summary>
/// A lab taken through Bootstrap, ApplyArgo, Secrets and MinioPreflight once, without faults (s3rver as its MinIO), so each
/// faulted run of a step is a re-run that must change nothing — or, after a test removed one object, exactly that one.
/// </summary>
public sealed class FaultLab : IAsyncLifetime
{
    public const string GhcrUser = "ghcr-user-Fx1";
    public const string GhcrToken = "ghcr-token-Fx2-not-real";
    private readonly HelmFixture _helm = new();
    public S3rverServer S3 { get; private set; } = null!;

    public LabCluster Lab { get; private set; } = null!;
    public EnvironmentPolicy Policy => EnvironmentPolicyLoader.Load(Lab.Root);

    public async Task InitializeAsync()
    {
        await _helm.InitializeAsync();
        Lab = await LabCluster.StartAsync(_helm.Helm);
        S3 = await S3rverServer.StartAsync();
        S3rverAsLabMinio.SeedRootSecret(Lab.Server);
        S3rverAsLabMinio.ForwardTo(Lab.Server, S3);
        var clock = new VirtualClock();
        var log = new LogCapture();
        foreach (var step in Steps.Keys)
        {
            if (step == "ValidationGate")
                await AutoSyncedAsync();
            var before = Lab.Server.Requests.All.Count;
            await RunAsync(step, clock, log);
            _accessUsed[step] = Lab.Server.Requests.All.Skip(before).SelectMany(r => r.Access ?? []).Distinct().ToList();
        }
    }

    private readonly Dictionary<string, IReadOnlyList<AccessAttributes>> _accessUsed = [];

    /// <summary>What each step's requests were authorized as in the first, fault-free run (Doctor's RBAC rows are checked against it).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AccessAttributes>> AccessUsed => _accessUsed;

    /// <summary>What an operator waits for after ApplyArgo before the gate: Argo CD's auto-sync (the fake controller's, a few random
    /// milliseconds each) has made logforge-dev and logforge-staging Synced and Healthy. The gate run too early, under load, found
    /// logforge-dev still OutOfSync with no sync running (loaded batch 8, run 3).</summary>
    private Task AutoSyncedAsync() => Lab.Server.UntilAsync(server => new[] { "logforge-dev", "logforge-staging" }.All(name =>
        server.Get("applications.argoproj.io", "argocd", name)?["status"] is { } status
        && status["sync"]?["status"]?.GetValue<string>() == "Synced" && status["health"]?["status"]?.GetValue<string>() == "Healthy"),
        "Argo CD's auto-sync of logforge-dev and logforge-staging");

    /// <summary>Each step as its target runs it, on a connection whose retries wait on <paramref name="clock"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<FaultLab, ClusterConnection, LogCapture, Task>> Steps =
        new Dictionary<string, Func<FaultLab, ClusterConnection, LogCapture, Task>>
        {
            ["Bootstrap"] = (lab, cluster, log) => new Bootstrapper(cluster, lab.Lab.Platform(), TimeSpan.FromSeconds(30),
                log.Logger).RunAsync(CancellationToken.None),
            ["ApplyArgo"] = (lab, cluster, log) => new ArgoApplicationApplier(cluster, lab.Lab.Root, lab.Policy, log.Logger).RunAsync(CancellationToken.None),
            ["Secrets"] = (lab, cluster, _) => new EnvironmentSecrets(cluster, lab.Lab.Root, lab.Policy, _ => { })
                .RunAsync(new SecretInputs(GhcrUser, GhcrToken, [], "", ""), CancellationToken.None),
            ["MinioPreflight"] = (lab, cluster, log) => new MinioPreflight(cluster, lab.Policy, TimeSpan.FromSeconds(30), _ => { }, log.Logger)
                .RunAsync(new MinioEndpointOptions("", "", ""), create: true, CancellationToken.None),
            ["ValidationGate"] = async (lab, cluster, _) =>
            {
                var checks = await new ClusterChecks(lab.Lab.Root, cluster, "", _ => { }).RunAsync(lab.Policy, CancellationToken.None);
                Assert.All(checks, c => Assert.NotEqual(CheckStatus.Failed, c.Status));
            },
        };

    public async Task RunAsync(string step, VirtualClock clock, LogCapture log)
    {
        using var cluster = FaultedCluster.Open(Lab.Kubeconfig, clock, log);
        await Steps[step](this, cluster, log);
    }

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        await S3.DisposeAsync();
    }
}
