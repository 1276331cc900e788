using System.Text.Json.Nodes;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tools;
using LogForge.Testing.Kafka;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Controller;
using LogForge.Testing.Smoke;
using LogForge.Testing.Storage;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Testing.Promotion;

/// <summary>How the next manual sync of production ends.</summary>
public enum ProductionSyncEnd { Succeeds, Fails, Degrades, NeverEnds }

/// <summary>
/// The cluster a promotion runs against: the fake API server with Argo CD's Application CRD, logforge-staging (auto-sync,
/// Synced and Healthy at origin's main) and logforge-production (manual, OutOfSync, a stale Succeeded operation of an
/// earlier run), each environment's pods played by a real LogForge (<see cref="DeployedLogForge"/>: pipeline 2 on the Kafka
/// mock broker and s3rver) rendered from the revision Argo CD runs. A sync of production is carried out as Argo CD's
/// controller would: Running, then production's pods replaced by LogForge rendered at the requested revision, then
/// Succeeded with the Application Synced and Healthy there — or as <see cref="NextSync"/> says.
/// </summary>
public sealed class PromotionCluster : IAsyncDisposable
{
    public const string ApiKey = "promotion-key-Zp41";
    public const string ArgoNamespace = "argocd";
    private const string Applications = "applications.argoproj.io";

    private readonly OriginRepository _origin;
    private readonly HelmTool _helm;
    private readonly ServiceBinary _binary;
    private readonly KafkaMockBroker _kafka = new();
    private readonly Dictionary<string, (DeployedLogForge Pods, string Root)> _deployed = [];
    private readonly CancellationTokenSource _stop = new();
    private S3rverServer _s3 = null!;
    private Task _argo = Task.CompletedTask;

    private PromotionCluster(OriginRepository origin, HelmTool helm, ServiceBinary binary, FakeKubernetesServer kube)
    {
        _origin = origin;
        _helm = helm;
        _binary = binary;
        Kube = kube;
    }

    public FakeKubernetesServer Kube { get; }

    /// <summary>How the next sync of production ends (then it is Succeeds again).</summary>
    public ProductionSyncEnd NextSync { get; set; } = ProductionSyncEnd.Succeeds;

    /// <summary>When the last sync of production was marked Succeeded, by this clock (to measure how soon a watcher notices).</summary>
    public DateTimeOffset? LastSyncFinished { get; private set; }

    public static async Task<PromotionCluster> StartAsync(OriginRepository origin, HelmTool helm, ServiceBinary binary)
    {
        var kube = await FakeKubernetesServer.StartAsync(o => { o.ControllerMinDelay = TimeSpan.FromMilliseconds(20); o.ControllerMaxDelay = TimeSpan.FromMilliseconds(60); });
        var cluster = new PromotionCluster(origin, helm, binary, kube);
        cluster._s3 = await S3rverServer.StartAsync();
        using (var minio = new MinioClient().WithEndpoint(cluster._s3.Endpoint).WithCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey).Build())
        {
            await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket("logforge-staging"));
            await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket("logforge-production"));
        }

        var main = (await origin.ResolveAsync("refs/heads/main"))!;
        var productionCommit = (await origin.Bare.OutputAsync(["log", "-1", "--format=%H", "--grep=promote: v0.1.0 to production", "main"], CancellationToken.None)).Trim();
        ArgoApplicationSeed.InstallArgoCd(kube);
        await cluster.SeedApplicationAsync("staging", main, "Synced", main, "automated-sync");
        await cluster.SeedApplicationAsync("production", main, "OutOfSync", productionCommit, "earlier-run");
        // The controller simulation starts production's operations; this class ends them (after replacing the pods).
        kube.Controller.ArgoCd.Script(ArgoNamespace, "logforge-production", ArgoSyncOutcome.StuckRunning());

        await cluster.DeployAsync("staging", main);
        await cluster.DeployAsync("production", productionCommit);
        cluster._argo = cluster.CarryOutProductionSyncsAsync(cluster._stop.Token);
        return cluster;
    }

    public string WriteKubeconfig(string path) => Kube.WriteKubeconfig(path, "lab");

    /// <summary>What Argo CD's auto-sync does after a release merges: logforge-staging Synced at <paramref name="commit"/> and staging's pods
    /// replaced by LogForge rendered there.</summary>
    public async Task SyncStagingAsync(string commit)
    {
        await SeedApplicationAsync("staging", commit, "Synced", commit, "automated-sync");
        await DeployAsync("staging", commit);
    }

    /// <summary>The same for dev (Status shows every environment; the promotion tests need none): logforge-dev Synced at <paramref name="commit"/>
    /// and dev's pod (LogForge, pipeline 1 on its file backend) rendered there.</summary>
    public async Task SyncDevAsync(string commit)
    {
        await SeedApplicationAsync("dev", commit, "Synced", commit, "automated-sync");
        await DeployAsync("dev", commit);
    }

    /// <summary>logforge-&lt;env&gt; as applied from origin's deploy/argocd at <paramref name="commit"/>, with a status as Argo CD
    /// reports it; its target revision (main) resolves to <paramref name="commit"/>.</summary>
    private async Task SeedApplicationAsync(string env, string commit, string sync, string syncedRevision, string run)
    {
        var application = KubeYaml.Parse((await _origin.ShowAsync(commit, $"deploy/argocd/logforge-{env}.yaml"))!).Single();
        ArgoApplicationSeed.Seed(Kube, application, new ArgoApplicationStatus(sync, sync == "Synced" ? syncedRevision : commit)
        {
            ReconciledAt = "2026-11-26T09:00:05Z",
            LastOperation = new EarlierOperation(syncedRevision, "earlier-operator", run, "2026-11-26T08:59:00Z", "2026-11-26T09:00:00Z"),
        }, commit);
    }

    /// <summary>The environment's pods replaced by LogForge rendered from deploy/ at <paramref name="commit"/>.</summary>
    public async Task DeployAsync(string env, string commit)
    {
        var root = await PromotionOrigin.ExportDeployAsync(_origin, commit);
        var pods = await DeployedLogForge.StartAsync(Kube, root, _helm, _binary, env,
            new Dictionary<string, string> { ["api-keys"] = ApiKey, ["minio-access-key"] = S3rverServer.AccessKey, ["minio-secret-key"] = S3rverServer.SecretKey },
            new Dictionary<string, string>
            {
                ["logforge-kafka-bootstrap.kafka.svc.cluster.local:9092"] = _kafka.BootstrapServers,
                ["minio.storage.svc.cluster.local:9000"] = _s3.Endpoint,
            }, Serilog.Core.Logger.None); // the pods' own lines are not the build's
        if (_deployed.Remove(env, out var old))
        {
            await old.Pods.DisposeAsync();
            Directory.Delete(old.Root, recursive: true);
        }
        _deployed[env] = (pods, root);
    }

    private async Task CarryOutProductionSyncsAsync(CancellationToken stop)
    {
        string? handled = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(50, stop);
                var app = Kube.Get(Applications, ArgoNamespace, "logforge-production");
                var state = app?["status"]?["operationState"];
                var revision = state?["operation"]?["sync"]?["revision"]?.GetValue<string>();
                var key = $"{state?["startedAt"]}|{revision}";
                if (state?["phase"]?.GetValue<string>() != "Running" || revision is null || key == handled) continue;
                handled = key;
                await EndSyncAsync(revision);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task EndSyncAsync(string revision)
    {
        var end = NextSync;
        NextSync = ProductionSyncEnd.Succeeds;
        if (end == ProductionSyncEnd.NeverEnds) return;
        if (end != ProductionSyncEnd.Fails)
        {
            Kube.Controller.ArgoCd.SetRevision(ArgoNamespace, "logforge-production", revision);
            await DeployAsync("production", revision);
        }
        Kube.Update(Applications, ArgoNamespace, "logforge-production", app =>
        {
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
            app.Remove("operation");
            var state = app["status"]!["operationState"]!;
            state["finishedAt"] = now;
            if (end == ProductionSyncEnd.Fails)
            {
                state["phase"] = "Failed";
                state["message"] = "one or more objects failed to apply, reason: Deployment.apps \"logforge\" is invalid: spec.template.spec.containers[0].image: Required value";
                state["syncResult"] = new JsonObject
                {
                    ["revision"] = revision,
                    ["resources"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = "logforge", ["status"] = "SyncFailed", ["message"] = "spec.template.spec.containers[0].image: Required value" }),
                };
                return;
            }
            state["phase"] = "Succeeded";
            state["message"] = "successfully synced (all tasks run)";
            state["syncResult"] = new JsonObject { ["revision"] = revision };
            app["status"]!["sync"] = new JsonObject { ["status"] = "Synced", ["revision"] = revision };
            app["status"]!["health"] = end == ProductionSyncEnd.Degrades
                ? new JsonObject { ["status"] = "Degraded", ["message"] = "Deployment \"logforge\" exceeded its progress deadline" }
                : new JsonObject { ["status"] = "Healthy" };
            app["status"]!["reconciledAt"] = now;
        }, "argocd-application-controller");
        LastSyncFinished = DateTimeOffset.UtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _argo;
        foreach (var (pods, root) in _deployed.Values)
        {
            await pods.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
        await Kube.DisposeAsync();
        await _s3.DisposeAsync();
        _kafka.Dispose();
    }
}
