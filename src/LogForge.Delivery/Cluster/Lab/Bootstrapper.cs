using LogForge.Delivery.Cluster.Readiness;
using Serilog;

namespace LogForge.Delivery.Cluster.Lab;

/// <summary>What Bootstrap did and saw.</summary>
public sealed record BootstrapReport(IReadOnlyList<AppliedObject> Applied, bool MinioRootCreated, IReadOnlyList<ReadinessResult> Readiness)
{
    public int Count(ApplyOutcome outcome) => Applied.Count(a => a.Outcome == outcome);

    public string AppliedSummary =>
        $"{Applied.Count} objects: {Count(ApplyOutcome.Created)} created, {Count(ApplyOutcome.Configured)} configured, "
        + $"{Count(ApplyOutcome.Unchanged)} unchanged"
        + (MinioRootCreated ? "; Secret storage/minio-root generated" : "");
}

/// <summary>
/// Steps 2–4 of the manual plan on a cluster that exists: applies the lab platform with server-side
/// apply (namespaces; CRDs, waited for until Established; Argo CD, the Strimzi operator, MinIO with its
/// root Secret generated once; the Kafka cluster and topics), then waits for and validates what step 1
/// checks: nodes Ready, the pods of argocd, kafka and storage Running and Ready, PVCs Bound, Kafka and
/// every KafkaTopic Ready. Re-running on a bootstrapped cluster changes nothing. <paramref name="time"/>: the clock of the
/// waits (default: the system's).
/// </summary>
public sealed class Bootstrapper(ClusterConnection cluster, LabPlatform platform, TimeSpan waitTimeout, ILogger? log = null, TimeProvider? time = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<Bootstrapper>();

    public async Task<BootstrapReport> RunAsync(CancellationToken ct)
    {
        // Independent: reading the pinned manifests (download, verify, render) and the first API round trip.
        var loading = platform.LoadAsync(ct);
        var version = await cluster.VerifyReachableAsync(ct);
        _log.Information("Cluster: {Cluster}, Kubernetes {Version}", cluster.Description, version);
        var manifests = await loading;
        var applier = new ServerSideApplier(cluster, new ResourceCatalog(cluster));
        var wait = new ReadinessWait(cluster, _log, time);
        var applied = new List<AppliedObject>();

        // Namespaces and CRDs are independent (CRDs are cluster-scoped); everything else needs both.
        var first = await Task.WhenAll(manifests.Definitions.Prepend(manifests.Namespaces).Select(group => ApplyAsync(applier, group, ct)));
        applied.AddRange(first.SelectMany(g => g));
        await wait.UntilReadyAsync("the CustomResourceDefinitions", [new CrdEstablishedProbe(cluster, manifests.DefinitionNames.ToList())], waitTimeout, ct);

        var minioRootCreated = await new MinioRootSecret(cluster).EnsureAsync(ct);
        var platformGroups = await Task.WhenAll(manifests.Platform.Select(group => ApplyAsync(applier, group, ct)));
        applied.AddRange(platformGroups.SelectMany(g => g));
        applied.AddRange(await ApplyAsync(applier, manifests.Kafka, ct));

        var report = new BootstrapReport(applied, minioRootCreated, []);
        _log.Information("Applied {Summary}", report.AppliedSummary);
        var readiness = await wait.UntilReadyAsync("the lab platform", Probes(manifests), waitTimeout, ct);
        return report with { Readiness = readiness };
    }

    private IReadOnlyList<IReadinessProbe> Probes(LabManifests manifests) =>
    [
        new NodesProbe(cluster),
        .. LabPlatform.Namespaces.Select(ns => new WorkloadsProbe(cluster, ns)),
        new ClaimsProbe(cluster),
        new CustomResourceProbe(cluster, "kafka.strimzi.io", "v1beta2", "kafkas", "Kafka", LabPlatform.KafkaNamespace, LabPlatform.KafkaCluster),
        .. manifests.KafkaTopics.Select(topic =>
            new CustomResourceProbe(cluster, "kafka.strimzi.io", "v1beta2", "kafkatopics", "KafkaTopic",
                topic.Namespace ?? LabPlatform.KafkaNamespace, topic.Name)),
    ];

    private async Task<IReadOnlyList<AppliedObject>> ApplyAsync(ServerSideApplier applier, ManifestGroup group, CancellationToken ct)
    {
        var applied = await applier.ApplyAllAsync(group.Objects, group.DefaultNamespace, ct);
        var changed = applied.Count(a => a.Outcome != ApplyOutcome.Unchanged);
        _log.Information("{Group}: {Count} objects applied, {Changed} changed", group.Name, applied.Count, changed);
        return applied;
    }
}
