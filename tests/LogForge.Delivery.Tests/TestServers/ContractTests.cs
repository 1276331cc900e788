using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LogForge.Delivery.Cluster.Argo;
using LogForge.Delivery.Cluster.Secrets;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Storage;
using LogForge.Delivery.Tests.Cluster;
using LogForge.Delivery.Tests.Cluster.Faults;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Validation;
using LogForge.Testing.Kubernetes.Contracts;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Storage;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.TestServers;

/// <summary>
/// The fake API server held to the real schemas: every object it answers with while the lab's steps, a manual sync under
/// faults and direct reads of the other kinds our code reads run is validated against the Kubernetes OpenAPI schemas and
/// Argo CD's Application schema (npm kubernetes-models, pinned in deploy/lab/versions.env) — and the validator is shown
/// to refuse objects that break them.
/// </summary>
public sealed class ContractTests(HelmFixture helm) : IClassFixture<HelmFixture>
{
    private const string Sha = "5e4c6b8a9d0e1f2a3b4c5d6e7f8a9b3f1c2b9a7d";

    [Fact]
    public async Task Every_object_the_fake_answers_in_the_lab_scenarios_matches_the_real_schemas()
    {
        await using var lab = await LabCluster.StartAsync(helm.Helm);
        await using var s3 = await S3rverServer.StartAsync();
        S3rverAsLabMinio.SeedRootSecret(lab.Server);
        S3rverAsLabMinio.ForwardTo(lab.Server, s3);
        var server = lab.Server;
        server.Returned.Enabled = true;
        var clock = new VirtualClock();
        var log = new LogCapture();
        var policy = EnvironmentPolicyLoader.Load(lab.Root);

        await lab.BootstrapAsync();
        using (var cluster = FaultedCluster.Open(lab.Kubeconfig, clock, log))
        {
            await new ArgoApplicationApplier(cluster, lab.Root, policy).RunAsync(CancellationToken.None);
            await new EnvironmentSecrets(cluster, lab.Root, policy, _ => { }).RunAsync(new SecretInputs("u", "t", [], "", ""), CancellationToken.None);
            await new MinioPreflight(cluster, policy, TimeSpan.FromSeconds(30), _ => { }).RunAsync(new MinioEndpointOptions("", "", ""), create: true,
                CancellationToken.None);
            await new ClusterChecks(lab.Root, cluster, "", _ => { }).RunAsync(policy, CancellationToken.None);

            // A manual sync meeting each fault whose answer has a body: 429 and 503 Status, a real 409 Conflict, a 410 on the watch.
            server.Controller.ArgoCd.SetRevision("argocd", "logforge-production", Sha);
            var app = new FaultMatch("patch", "applications", "argocd", "logforge-production");
            server.Faults.Add(app, new Fault.TooManyRequests(1, AsStatus: true)).Add(app, new Fault.ServerError(503)).Add(app, new Fault.ServerError(500))
                .Add(app, new Fault.WriteFirst(s => s.Update("applications.argoproj.io", "argocd", "logforge-production", a =>
                    a["status"]!["reconciledAt"] = "2026-12-01T09:00:00Z")))
                .Add(new FaultMatch("watch", "applications", "argocd"), new Fault.WatchGone());
            await new ManualSync(cluster, "argocd").RunAsync("logforge-production", Sha, "operator", "contract-run", TimeSpan.FromSeconds(30),
                CancellationToken.None);
            Assert.Equal(0, server.Faults.Pending);

            // The other kinds the code reads.
            await cluster.Api.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet(), "storage");
            await cluster.Api.AppsV1.ReadNamespacedStatefulSetAsync("probe", "storage");
            await cluster.Api.CoreV1.ListEventForAllNamespacesAsync();
            await cluster.Api.CoreV1.ListNamespacedEndpointsAsync("storage");
            await cluster.Api.CoreV1.ListNodeAsync();
            await cluster.Api.CoreV1.ReadNamespaceAsync("storage");
            await cluster.Api.ApiextensionsV1.ListCustomResourceDefinitionAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => cluster.Api.CoreV1.ReadNamespacedSecretAsync("missing", "dev"));
        }

        var report = await SchemaContracts.ValidateAsync(server.Returned.All);

        Assert.True(report.Violations.Count == 0, string.Join("\n", report.Violations.Take(20)));
        string[] kinds =
        [
            "v1 PodList", "v1 Service", "v1 EndpointsList", "v1 Secret", "v1 Namespace", "v1 NodeList", "v1 EventList",
            "v1 PersistentVolumeClaimList", "apps/v1 Deployment", "apps/v1 StatefulSet", "apiextensions.k8s.io/v1 CustomResourceDefinition",
            "apiextensions.k8s.io/v1 CustomResourceDefinitionList", "v1 Status", "argoproj.io/v1alpha1 Application", "v1 APIResourceList",
        ];
        var validated = string.Join(", ", report.Validated.Keys);
        Assert.All(kinds, kind => Assert.True(report.Validated.ContainsKey(kind), $"{kind} was not validated; validated: {validated}"));
        Assert.Contains("kafka.strimzi.io/v1beta2 Kafka", report.Unschematized); // no schema on npm: listed in docs/fidelity.md
    }

    [Fact]
    public async Task Objects_that_break_the_schemas_are_refused()
    {
        var badSecret = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"not base64!"}}""")!.AsObject();
        var badDeployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":"two","selector":{},"template":{}}}
            """)!.AsObject();
        var badApplication = JsonNode.Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"a"},
             "spec":{"project":"default","destination":{},"source":{"repoURL":"r"}},"operation":{"sync":{"revision":42}}}
            """)!.AsObject();
        var badStatus = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Status","status":"Failure","code":"429","details":{"retryAfterSeconds":"1"}}
            """)!.AsObject();
        var good = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"YQ=="}}""")!.AsObject();

        var report = await SchemaContracts.ValidateAsync(
            [new("bad secret", badSecret), new("bad deployment", badDeployment), new("bad application", badApplication), new("bad status", badStatus),
                new("good", good)]);

        Assert.Equal(["bad secret", "bad deployment", "bad application", "bad status"], report.Violations.Select(v => v.Request));
        Assert.Contains("data/data/a must match format \"byte\"", report.Violations[0].Errors);
        Assert.Contains("data/spec/replicas must be integer", report.Violations[1].Errors);
        Assert.Contains("data/operation/sync/revision must be string", report.Violations[2].Errors);
        Assert.Contains("data/code must be integer", report.Violations[3].Errors);
    }

    private static V1StatefulSet StatefulSet() => KubernetesJson.Deserialize<V1StatefulSet>("""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"probe","namespace":"storage"},
         "spec":{"serviceName":"probe","replicas":1,"selector":{"matchLabels":{"app":"probe"}},
                 "template":{"metadata":{"labels":{"app":"probe"}},"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}},
                 "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
        """);
}
