using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LogForge.Delivery.Tests.TestServers;

public sealed class ServerSideApplyTests
{
    private const string Manager = "logforge-build";

    private static string ConfigMap(string data) =>
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default","labels":{"app":"logforge"}},"data":{"""
        + data + "}}";

    private static Task<HttpOperationResponse<V1ConfigMap>> ApplyAsync(KubeTestCluster cluster, string json, string? manager = Manager,
        bool? force = null, string? dryRun = null) =>
        cluster.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(KubeTestCluster.Apply(json), "settings", "default",
            dryRun: dryRun, fieldManager: manager, force: force);

    [Fact]
    public async Task Apply_creates_the_object_and_the_same_apply_again_writes_nothing()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        using var created = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""));
        Assert.Equal(HttpStatusCode.Created, created.Response.StatusCode);
        var first = created.Body;
        var entry = Assert.Single(first.Metadata.ManagedFields);
        Assert.Equal((Manager, "Apply", "v1"), (entry.Manager, entry.Operation, entry.ApiVersion));

        cluster.Server.Requests.Reset();
        using var again = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""));

        Assert.Equal(HttpStatusCode.OK, again.Response.StatusCode);
        Assert.Equal(first.Metadata.ResourceVersion, again.Body.Metadata.ResourceVersion);
        Assert.Equal(entry.Time, Assert.Single(again.Body.Metadata.ManagedFields).Time);
        Assert.Equal(1, cluster.Server.Requests.Writes);
        Assert.Equal(0, cluster.Server.Requests.Mutations);
    }

    [Fact]
    public async Task A_changed_apply_bumps_the_resource_version_and_removes_fields_it_no_longer_sets()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        using var first = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\",\"old\":\"x\""));
        cluster.Server.Requests.Reset();

        using var second = await ApplyAsync(cluster, ConfigMap("\"mode\":\"minio\""));

        Assert.True(long.Parse(second.Body.Metadata.ResourceVersion) > long.Parse(first.Body.Metadata.ResourceVersion));
        Assert.Equal(new Dictionary<string, string> { ["mode"] = "minio" }, second.Body.Data);
        Assert.Equal(1, cluster.Server.Requests.Mutations);
    }

    [Fact]
    public async Task A_field_another_manager_owns_with_another_value_conflicts_unless_forced()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        using var _ = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""), manager: "someone-else");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(cluster, ConfigMap("\"mode\":\"minio\"")));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        var status = KubeTestCluster.StatusOf(e);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"someone-else\": .data.mode", status.Message);
        Assert.Equal(".data.mode", Assert.Single(status.Details.Causes).Field);
        Assert.Equal("file", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default")).Data["mode"]);

        using var forced = await ApplyAsync(cluster, ConfigMap("\"mode\":\"minio\""), force: true);
        Assert.Equal("minio", forced.Body.Data["mode"]);
        var owners = forced.Body.Metadata.ManagedFields.ToDictionary(m => m.Manager, m => m.FieldsV1.ToString() ?? "");
        Assert.Contains("f:mode", owners[Manager]);
        Assert.DoesNotContain("f:mode", owners["someone-else"]);
    }

    [Fact]
    public async Task An_update_by_another_manager_takes_the_field_and_a_later_apply_with_the_old_value_conflicts()
    {
        await using var cluster = await KubeTestCluster.StartAsync();
        using var _ = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""));
        await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(KubeTestCluster.Merge("""{"data":{"mode":"edited"}}"""),
            "settings", "default", fieldManager: "kubectl-edit");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(cluster, ConfigMap("\"mode\":\"file\"")));

        var message = KubeTestCluster.StatusOf(e).Message;
        Assert.StartsWith("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1 at ", message);
        Assert.EndsWith(": .data.mode", message);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_refused_as_the_api_server_does()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""), manager: null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        var status = KubeTestCluster.StatusOf(e);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", status.Message);
        Assert.Equal(0, cluster.Server.Requests.Mutations);
    }

    [Fact]
    public async Task Dry_runs_answer_like_real_writes_and_store_nothing()
    {
        await using var cluster = await KubeTestCluster.StartAsync();

        using var wouldCreate = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""), dryRun: "All");
        Assert.Equal(HttpStatusCode.Created, wouldCreate.Response.StatusCode);
        Assert.Equal("file", wouldCreate.Body.Data["mode"]);
        Assert.Null(cluster.Server.Get("ConfigMap", "default", "settings"));

        using var real = await ApplyAsync(cluster, ConfigMap("\"mode\":\"file\""));
        using var wouldChange = await ApplyAsync(cluster, ConfigMap("\"mode\":\"minio\""), dryRun: "All");
        Assert.Equal("minio", wouldChange.Body.Data["mode"]);
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default", dryRun: "All");
        var merged = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(KubeTestCluster.Merge("""{"data":{"mode":"patched"}}"""),
            "settings", "default", dryRun: "All");
        Assert.Equal("patched", merged.Data["mode"]);
        merged.Data["mode"] = "replaced";
        Assert.Equal("replaced", (await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(merged, "settings", "default", dryRun: "All")).Data["mode"]);
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["k"] = "v" } };
        var created = await cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, "default", dryRun: "All");
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(created.Data["k"]));
        Assert.Null(created.StringData);

        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("file", stored.Data["mode"]);
        Assert.Equal(real.Body.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
        Assert.Null(cluster.Server.Get("Secret", "default", "s"));
        Assert.Equal(1, cluster.Server.Requests.Mutations);
        Assert.Equal(1, cluster.Server.Requests.Writes);
    }
}
