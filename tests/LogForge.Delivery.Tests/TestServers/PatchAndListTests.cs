using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class PatchAndListTests
{
    private static V1Deployment Deployment() => new()
    {
        Metadata = new V1ObjectMeta { Name = "api", Labels = new Dictionary<string, string> { ["app"] = "api" } },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "api" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "api" } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container { Name = "app", Image = "api:1", Env = [new V1EnvVar { Name = "A", Value = "1" }] },
                        new V1Container { Name = "sidecar", Image = "proxy:1" },
                    ],
                },
            },
        },
    };

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name_and_bumps_generation_only_for_spec_changes()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        var apps = cluster.Client.AppsV1;
        var created = await apps.CreateNamespacedDeploymentAsync(Deployment(), "default");
        Assert.Equal(1, created.Metadata.Generation);

        var patched = await apps.PatchNamespacedDeploymentAsync(new V1Patch("""
            {"spec":{"template":{"spec":{"containers":[{"name":"app","image":"api:2","env":[{"name":"B","value":"2"}]}]}}}}
            """, V1Patch.PatchType.StrategicMergePatch), "api", "default");

        var containers = patched.Spec.Template.Spec.Containers;
        Assert.Equal(["app", "sidecar"], containers.Select(c => c.Name));
        Assert.Equal(("api:2", "proxy:1"), (containers[0].Image, containers[1].Image));
        Assert.Equal(["A", "B"], containers[0].Env.Select(e => e.Name));
        Assert.Equal(2, patched.Metadata.Generation);

        var relabelled = await apps.PatchNamespacedDeploymentAsync(KubeTestCluster.Merge("""{"metadata":{"labels":{"team":"x"}}}"""), "api", "default");
        Assert.Equal(2, relabelled.Metadata.Generation);
        Assert.NotEqual(patched.Metadata.ResourceVersion, relabelled.Metadata.ResourceVersion);
        var removed = await apps.PatchNamespacedDeploymentAsync(new V1Patch("""
            {"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}
            """, V1Patch.PatchType.StrategicMergePatch), "api", "default");
        Assert.Equal(["app"], removed.Spec.Template.Spec.Containers.Select(c => c.Name));
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_custom_resource_is_415_and_json_patch_test_failures_are_422()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        cluster.Server.Seed(LogForge.Testing.Kubernetes.KnownCrds.StrimziKafkaTopic());
        cluster.Server.SeedYaml("""
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata: {name: logs, namespace: default}
            spec: {partitions: 3}
            """);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"partitions":6}}""", V1Patch.PatchType.StrategicMergePatch),
            "kafka.strimzi.io", "v1beta2", "default", "kafkatopics", "logs"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, e.Response.StatusCode);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, " +
                     "application/merge-patch+json, application/apply-patch+yaml", KubeTestCluster.StatusOf(e).Message);

        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/spec/partitions","value":3},{"op":"replace","path":"/spec/partitions","value":6}]""",
                V1Patch.PatchType.JsonPatch), "kafka.strimzi.io", "v1beta2", "default", "kafkatopics", "logs");
        Assert.Equal(6, cluster.Server.Get("KafkaTopic", "default", "logs")!["spec"]!["partitions"]!.GetValue<int>());
        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/spec/partitions","value":3}]""", V1Patch.PatchType.JsonPatch),
            "kafka.strimzi.io", "v1beta2", "default", "kafkatopics", "logs"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.Response.StatusCode);
    }

    [Fact]
    public async Task Label_selectors_with_equality_inequality_and_sets_filter_lists()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        foreach (var (name, tier, env) in new[] { ("a", "web", "dev"), ("b", "web", "prod"), ("c", "db", "dev"), ("d", "web", "staging") })
        {
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier, ["env"] = env } },
            }, "default");
        }

        var list = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=web,env!=prod,env in (dev,staging)");
        Assert.Equal(["a", "d"], list.Items.Select(i => i.Metadata.Name));
        var byName = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=c");
        Assert.Equal("c", Assert.Single(byName.Items).Metadata.Name);
        var page = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 3);
        Assert.Equal(3, page.Items.Count);
        var rest = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 3, continueParameter: page.Metadata.ContinueProperty);
        Assert.Equal("d", Assert.Single(rest.Items).Metadata.Name);
        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "spec.foo=x"));
        Assert.Equal(("BadRequest", "field label not supported: spec.foo"), (KubeTestCluster.StatusOf(bad).Reason, KubeTestCluster.StatusOf(bad).Message));
    }

    [Fact]
    public async Task A_finalizer_holds_a_deleted_object_until_it_is_removed()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.ControllerEnabled = false);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] },
        }, "default");

        using var deleting = await cluster.Client.CoreV1.DeleteNamespacedConfigMapWithHttpMessagesAsync("held", "default");
        Assert.Equal(HttpStatusCode.Accepted, deleting.Response.StatusCode);
        var held = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("held", "default");
        Assert.NotNull(held.Metadata.DeletionTimestamp);

        await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(KubeTestCluster.Merge("""{"metadata":{"finalizers":null}}"""), "held", "default");
        Assert.Null(cluster.Server.Get("ConfigMap", "default", "held"));
    }
}
