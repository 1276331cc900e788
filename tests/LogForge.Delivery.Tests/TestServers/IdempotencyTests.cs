using k8s;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.TestServers;

/// <summary>What "a second run writes nothing" rests on: re-applying the same manifests over objects the controllers have
/// since changed (status, defaults, managed fields of other managers) changes no resourceVersion.</summary>
public sealed class IdempotencyTests
{
    private const string Manager = "logforge-build";

    private static async Task ApplyAllAsync(Kubernetes client)
    {
        await client.CoreV1.PatchNamespaceAsync(KubeTestCluster.Apply("""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"storage"}}
            """), "storage", fieldManager: Manager, force: true);
        await client.CoreV1.PatchNamespacedSecretAsync(KubeTestCluster.Apply("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"minio-root","namespace":"storage"},
             "stringData":{"rootUser":"admin","rootPassword":"s3cr3t-value"}}
            """), "minio-root", "storage", fieldManager: Manager, force: true);
        await client.CoreV1.PatchNamespacedServiceAsync(KubeTestCluster.Apply("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"minio","namespace":"storage"},
             "spec":{"selector":{"app":"minio"},"ports":[{"name":"api","port":9000,"targetPort":9000}]}}
            """), "minio", "storage", fieldManager: Manager, force: true);
        await client.AppsV1.PatchNamespacedStatefulSetAsync(KubeTestCluster.Apply("""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"minio","namespace":"storage","labels":{"app":"minio"}},
             "spec":{"serviceName":"minio","replicas":1,"selector":{"matchLabels":{"app":"minio"}},
                     "template":{"metadata":{"labels":{"app":"minio"}},
                                 "spec":{"containers":[{"name":"minio","image":"quay.io/minio/minio:latest","ports":[{"containerPort":9000}],
                                                        "env":[{"name":"MINIO_ROOT_USER","valueFrom":{"secretKeyRef":{"name":"minio-root","key":"rootUser"}}}]}]}},
                     "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
            """), "minio", "storage", fieldManager: Manager, force: true);
        await client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(KubeTestCluster.Apply(KnownCrds.ArgoCdApplication().ToJsonString()),
            "applications.argoproj.io", fieldManager: Manager, force: true);
    }

    [Fact]
    public async Task Re_applying_over_a_settled_cluster_changes_nothing()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        var client = cluster.Client;
        await ApplyAllAsync(client);
        var sts = await KubeTestCluster.EventuallyAsync(() => client.AppsV1.ReadNamespacedStatefulSetAsync("minio", "storage"),
            s => s.Status?.ReadyReplicas == 1, "minio ready");
        await KubeTestCluster.EventuallyAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-minio-0", "storage"),
            c => c.Status.Phase == "Bound", "the claim from the volumeClaimTemplate bound");
        await KubeTestCluster.EventuallyAsync(() => client.CoreV1.ReadNamespacedEndpointsAsync("minio", "storage"),
            e => e.Subsets?.FirstOrDefault()?.Addresses?.Count == 1, "the service's endpoints");
        var pod = await client.CoreV1.ReadNamespacedPodAsync("minio-0", "storage");
        Assert.Equal("data-minio-0", pod.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Equal("minio-0", pod.Metadata.Labels["statefulset.kubernetes.io/pod-name"]);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync("minio-root", "storage");
        Assert.Equal("s3cr3t-value", System.Text.Encoding.UTF8.GetString(secret.Data["rootPassword"]));
        Assert.Null(secret.StringData);
        var service = await client.CoreV1.ReadNamespacedServiceAsync("minio", "storage");
        Assert.StartsWith("10.96.", service.Spec.ClusterIP);
        var before = cluster.Server.ResourceVersion;
        cluster.Server.Requests.Reset();

        await ApplyAllAsync(client);

        Assert.Equal(5, cluster.Server.Requests.Writes);
        Assert.Equal(0, cluster.Server.Requests.Mutations);
        Assert.Equal(before, cluster.Server.ResourceVersion);
        Assert.Equal(sts.Metadata.Generation, (await client.AppsV1.ReadNamespacedStatefulSetAsync("minio", "storage")).Metadata.Generation);
    }

    [Fact]
    public async Task Objects_seeded_as_applied_by_a_manager_are_not_rewritten_by_the_same_apply()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.SeedYaml("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: storage}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: minio-root, namespace: storage}
            stringData: {rootUser: admin, rootPassword: s3cr3t-value}
            """, fieldManager: Manager);
        cluster.Server.Requests.Reset();

        await cluster.Client.CoreV1.PatchNamespacedSecretAsync(KubeTestCluster.Apply("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"minio-root","namespace":"storage"},
             "stringData":{"rootUser":"admin","rootPassword":"s3cr3t-value"}}
            """), "minio-root", "storage", fieldManager: Manager);
        Assert.Equal(0, cluster.Server.Requests.Mutations);

        await cluster.Client.CoreV1.PatchNamespacedSecretAsync(KubeTestCluster.Apply("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"minio-root","namespace":"storage"},
             "stringData":{"rootUser":"admin","rootPassword":"rotated"}}
            """), "minio-root", "storage", fieldManager: Manager);
        Assert.Equal(1, cluster.Server.Requests.Mutations);
    }
}
