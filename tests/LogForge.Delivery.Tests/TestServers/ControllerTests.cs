using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class ControllerTests
{
    private static string Deployment(string name, int replicas, string image) => $$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","namespace":"default"},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
                 "template":{"metadata":{"labels":{"app":"{{{name}}}"}},
                             "spec":{"containers":[{"name":"app","image":"{{{image}}}","ports":[{"containerPort":8080}]}]} } } }
        """;

    [Fact]
    public async Task A_deployment_gets_pods_from_its_template_that_become_ready_after_a_delay()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        cluster.Server.Controller.SetDelay("Pod", "default", "web", TimeSpan.FromMilliseconds(300));
        var client = cluster.Client;
        var seen = new List<(string Pod, string Phase, bool Ready)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watching = Task.Run(async () =>
        {
            await foreach (var (_, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: stop.Token))
            {
                var ready = pod.Status.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true;
                seen.Add((pod.Metadata.Name, pod.Status.Phase, ready));
                if (seen.Where(s => s.Ready).Select(s => s.Pod).Distinct().Count() == 2)
                    break;
            }
        }, stop.Token);
        await KubeTestCluster.EventuallyAsync(() => Task.FromResult(cluster.Server.Requests.All.Count(r => r.Verb == "watch")), n => n == 1, "the watch");

        await client.AppsV1.PatchNamespacedDeploymentAsync(KubeTestCluster.Apply(Deployment("web", 2, "nginx:1.27")), "web", "default",
            fieldManager: "logforge-build");
        await watching;

        foreach (var name in seen.Select(s => s.Pod).Distinct())
        {
            var states = seen.Where(s => s.Pod == name).ToList();
            Assert.Equal(("Pending", false), (states[0].Phase, states[0].Ready));
            Assert.Equal(("Running", true), (states[^1].Phase, states[^1].Ready));
        }
        var deployment = await KubeTestCluster.EventuallyAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"),
            d => d.Status?.AvailableReplicas == 2, "two available replicas");
        Assert.Contains(deployment.Status.Conditions, c => c is { Type: "Available", Status: "True", Reason: "MinimumReplicasAvailable" });
        Assert.Equal(deployment.Metadata.Generation, deployment.Status.ObservedGeneration);
        var pods = (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items;
        Assert.Equal(2, pods.Count);
        foreach (var pod in pods)
        {
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("ReplicaSet", true), (owner.Kind, owner.Controller == true));
            Assert.StartsWith(owner.Name + "-", pod.Metadata.Name);
            Assert.Equal("Running", pod.Status.Phase);
            Assert.True(Assert.Single(pod.Status.ContainerStatuses).Ready);
            Assert.Equal("fake-node", pod.Spec.NodeName);
        }
    }

    [Fact]
    public async Task A_pod_that_never_becomes_ready_waits_in_ImagePullBackOff_with_warning_events()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        cluster.Server.Controller.NeverReady("Deployment", "default", "broken");
        var client = cluster.Client;

        await client.AppsV1.PatchNamespacedDeploymentAsync(KubeTestCluster.Apply(Deployment("broken", 1, "ghcr.io/logforge/logforge:nope")),
            "broken", "default", fieldManager: "logforge-build");
        var pod = (await KubeTestCluster.EventuallyAsync(() => client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=broken"),
            l => l.Items.Count == 1 && l.Items[0].Status.ContainerStatuses?.Count == 1, "the pod's container status")).Items[0];

        var waiting = pod.Status.ContainerStatuses[0].State.Waiting;
        Assert.Equal(("ImagePullBackOff", "Back-off pulling image \"ghcr.io/logforge/logforge:nope\""), (waiting.Reason, waiting.Message));
        Assert.Contains(pod.Status.Conditions, c => c is { Type: "Ready", Status: "False", Reason: "ContainersNotReady" });
        var events = await KubeTestCluster.EventuallyAsync(
            () => client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={pod.Metadata.Name},type=Warning"),
            l => l.Items.Count >= 3, "warning events");
        Assert.All(events.Items, e => Assert.Equal(("Pod", pod.Metadata.Uid, "Warning"), (e.InvolvedObject.Kind, e.InvolvedObject.Uid, e.Type)));
        var pull = events.Items.First(e => e.Reason == "Failed");
        Assert.StartsWith("Failed to pull image \"ghcr.io/logforge/logforge:nope\"", pull.Message);
        Assert.NotNull(pull.LastTimestamp);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("broken", "default");
        Assert.Contains(deployment.Status.Conditions, c => c is { Type: "Available", Status: "False", Reason: "MinimumReplicasUnavailable" });

        cluster.Server.Controller.AllowReady("Deployment", "default", "broken");
        await KubeTestCluster.EventuallyAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("broken", "default"),
            d => d.Status?.ReadyReplicas == 1, "the pod to become ready once allowed");
    }

    [Fact]
    public async Task Strimzi_kafka_and_topics_become_ready_and_claims_bind()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        cluster.Server.Seed(KnownCrds.StrimziKafka());
        cluster.Server.Seed(KnownCrds.StrimziKafkaTopic());
        var client = cluster.Client;
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kafka" } });

        await client.CustomObjects.PatchNamespacedCustomObjectAsync(KubeTestCluster.Apply("""
            {"apiVersion":"kafka.strimzi.io/v1beta2","kind":"Kafka","metadata":{"name":"logforge","namespace":"kafka"},
             "spec":{"kafka":{"version":"4.0.0","listeners":[{"name":"plain","port":9092,"type":"internal","tls":false}]}}}
            """), "kafka.strimzi.io", "v1beta2", "kafka", "kafkas", "logforge", fieldManager: "logforge-build");
        var created = await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") } },
            },
        }, "kafka");
        Assert.Equal("Pending", created.Status.Phase);

        var kafka = await KubeTestCluster.EventuallyAsync(
            async () => JsonNode.Parse(((JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync("kafka.strimzi.io", "v1beta2", "kafka", "kafkas", "logforge")).GetRawText())!,
            k => k["status"]?["conditions"]?[0]?["type"]?.GetValue<string>() == "Ready", "Kafka Ready");
        Assert.Equal("True", kafka["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("logforge-kafka-bootstrap.kafka.svc:9092", kafka["status"]!["listeners"]![0]!["bootstrapServers"]!.GetValue<string>());
        var claim = await KubeTestCluster.EventuallyAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "kafka"),
            c => c.Status.Phase == "Bound", "the claim to bind");
        Assert.Equal("5Gi", claim.Status.Capacity["storage"].ToString());
    }

    [Fact]
    public async Task A_job_runs_its_pod_to_completion()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        var client = cluster.Client;

        await client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "minio-buckets" },
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "mc", Image = "quay.io/minio/mc" }] },
                },
            },
        }, "default");

        var job = await KubeTestCluster.EventuallyAsync(() => client.BatchV1.ReadNamespacedJobAsync("minio-buckets", "default"),
            j => j.Status?.Succeeded == 1, "the job to succeed");
        Assert.Contains(job.Status.Conditions, c => c is { Type: "Complete", Status: "True" });
        Assert.NotNull(job.Status.CompletionTime);
        var pod = Assert.Single((await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=minio-buckets")).Items);
        Assert.Equal("Succeeded", pod.Status.Phase);
        Assert.Equal(0, pod.Status.ContainerStatuses[0].State.Terminated.ExitCode);
    }
}
