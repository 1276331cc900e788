using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LogForge.Delivery.Tests.TestServers;

/// <summary>Failures come back as the real client surfaces them: HttpOperationException with the metav1.Status body.</summary>
public sealed class StatusErrorTests
{
    private static async Task<V1Status> FailsWith(HttpStatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, e.Response.StatusCode);
        var status = KubeTestCluster.StatusOf(e);
        Assert.Equal(("Status", "v1", "Failure", (int)code), (status.Kind, status.ApiVersion, status.Status, status.Code ?? 0));
        return status;
    }

    private static V1ConfigMap ConfigMap(string? name) => new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["a"] = "b" } };

    [Fact]
    public async Task Missing_objects_answer_404_NotFound_with_details()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        var status = await FailsWith(HttpStatusCode.NotFound, () => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("minio", "storage"));

        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("deployments.apps \"minio\" not found", status.Message);
        Assert.Equal(("minio", "apps", "deployments"), (status.Details.Name, status.Details.Group, status.Details.Kind));
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_answers_namespace_not_found()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        var status = await FailsWith(HttpStatusCode.NotFound, () => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "nope"));

        Assert.Equal("namespaces \"nope\" not found", status.Message);
        Assert.Equal(("nope", "namespaces"), (status.Details.Name, status.Details.Kind));
    }

    [Fact]
    public async Task Creating_twice_is_409_AlreadyExists_and_a_stale_update_is_409_Conflict()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "default");

        var exists = await FailsWith(HttpStatusCode.Conflict, () => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "default"));
        Assert.Equal(("AlreadyExists", "configmaps \"x\" already exists"), (exists.Reason, exists.Message));

        created.Data["a"] = "changed";
        var fresh = await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "x", "default");
        Assert.NotEqual(created.Metadata.ResourceVersion, fresh.Metadata.ResourceVersion);
        created.Data["a"] = "again";
        var stale = await FailsWith(HttpStatusCode.Conflict, () => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "x", "default"));
        Assert.Equal("Conflict", stale.Reason);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your changes to the latest version and try again",
            stale.Message);
    }

    [Fact]
    public async Task A_forbid_rule_answers_403_with_rbac_s_message()
    {
        await using var cluster = await KubeTestCluster.StartAsync(o => o.Token = "t0ken", kubeconfigToken: "t0ken");
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "dev" } });
        cluster.Server.Access.Forbid("create", "secrets", ns: "dev");

        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "ghcr-pull" }, StringData = new Dictionary<string, string> { ["k"] = "v" } };
        var status = await FailsWith(HttpStatusCode.Forbidden, () => cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, "dev"));

        Assert.Equal("Forbidden", status.Reason);
        Assert.Equal("secrets is forbidden: User \"system:serviceaccount:default:logforge-build\" cannot create resource \"secrets\" " +
                     "in API group \"\" in the namespace \"dev\"", status.Message);
        Assert.Equal("secrets", status.Details.Kind);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, "default");
    }

    [Fact]
    public async Task A_required_token_that_is_missing_or_wrong_answers_401()
    {
        await using var wrong = await KubeTestCluster.StartAsync(o => o.Token = "right", kubeconfigToken: "wrong");
        var status = await FailsWith(HttpStatusCode.Unauthorized, () => wrong.Client.CoreV1.ListNamespaceAsync());
        Assert.Equal(("Unauthorized", "Unauthorized"), (status.Reason, status.Message));

        await using var right = await KubeTestCluster.StartAsync(o => o.Token = "right", kubeconfigToken: "right");
        Assert.Contains((await right.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "kube-system");
        await using var none = await KubeTestCluster.StartAsync(o => o.Token = "right");
        await FailsWith(HttpStatusCode.Unauthorized, () => none.Client.CoreV1.ListNamespaceAsync());
    }

    [Fact]
    public async Task An_object_without_a_name_is_422_Invalid()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        var status = await FailsWith(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(null), "default"));

        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueRequired", "metadata.name"), (cause.Reason, cause.Field));
        Assert.Equal(0, cluster.Server.Requests.Mutations);
    }
}
