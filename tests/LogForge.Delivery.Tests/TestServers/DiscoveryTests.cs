using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LogForge.Testing.Kubernetes;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class DiscoveryTests
{
    /// <summary>Kind → (groupVersion, resource, namespaced) from /api/v1, /apis and /apis/{group}/{version}, as a client maps manifests.</summary>
    private static async Task<Dictionary<string, (string GroupVersion, string Resource, bool Namespaced)>> MapKindsAsync(Kubernetes client)
    {
        var map = new Dictionary<string, (string, string, bool)>();
        void Add(V1APIResourceList list)
        {
            foreach (var r in list.Resources.Where(r => !r.Name.Contains('/')))
                map[r.Kind] = (list.GroupVersion, r.Name, r.Namespaced);
        }
        Add(await client.CoreV1.GetAPIResourcesAsync());
        foreach (var group in (await client.Apis.GetAPIVersionsAsync()).Groups)
        {
            using var response = await client.HttpClient.GetAsync(new Uri(client.BaseUri, $"apis/{group.PreferredVersion.GroupVersion}"));
            response.EnsureSuccessStatusCode();
            Add(KubernetesJson.Deserialize<V1APIResourceList>(await response.Content.ReadAsStringAsync()));
        }
        return map;
    }

    [Fact]
    public async Task Kinds_map_to_resources_through_discovery_and_a_new_crd_joins_it()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        var client = cluster.Client;

        var before = await MapKindsAsync(client);
        Assert.Equal(("apps/v1", "deployments", true), before["Deployment"]);
        Assert.Equal(("v1", "namespaces", false), before["Namespace"]);
        Assert.Equal(("rbac.authorization.k8s.io/v1", "clusterroles", false), before["ClusterRole"]);
        Assert.Equal(("apiextensions.k8s.io/v1", "customresourcedefinitions", false), before["CustomResourceDefinition"]);
        Assert.Equal(("policy/v1", "poddisruptionbudgets", true), before["PodDisruptionBudget"]);
        Assert.False(before.ContainsKey("Application"));
        var core = await client.CoreV1.GetAPIResourcesAsync();
        Assert.Contains(core.Resources, r => r.Name == "pods/portforward" && r.Kind == "PodPortForwardOptions");
        Assert.Equal(["po"], core.Resources.Single(r => r.Name == "pods").ShortNames);

        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(KnownCrds.ArgoCdApplication().ToJsonString());
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);

        var after = await MapKindsAsync(client);
        Assert.Equal(("argoproj.io/v1alpha1", "applications", true), after["Application"]);
        var established = await KubeTestCluster.EventuallyAsync(
            () => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("applications.argoproj.io"),
            c => c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true,
            "the CRD to be Established");
        Assert.Equal("Application", established.Status.AcceptedNames.Kind);
    }

    [Fact]
    public async Task A_group_nobody_serves_answers_404_like_the_api_server()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", "argocd", "applications"));

        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        var status = KubeTestCluster.StatusOf(e);
        Assert.Equal(("Failure", "NotFound", 404), (status.Status, status.Reason, status.Code));
        Assert.Equal("the server could not find the requested resource", status.Message);
        using var raw = await cluster.Client.HttpClient.GetAsync(new Uri(cluster.Client.BaseUri, "apis/argoproj.io/v1alpha1"));
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
    }
}
