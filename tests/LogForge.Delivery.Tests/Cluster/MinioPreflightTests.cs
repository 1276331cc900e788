using LogForge.Delivery.Environments;
using LogForge.Delivery.Storage;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Storage;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Delivery.Tests.Cluster;

/// <summary>MinioPreflight against a real S3-protocol server (s3rver), reached through the fake API server's port-forward or directly.</summary>
public sealed class MinioPreflightTests(HelmFixture helm) : IClassFixture<HelmFixture>, IAsyncLifetime
{
    private LabCluster _lab = null!;
    private S3rverServer _s3 = null!;

    public async Task InitializeAsync()
    {
        _lab = await LabCluster.StartAsync(helm.Helm);
        _s3 = await S3rverServer.StartAsync();
        S3rverAsLabMinio.SeedRootSecret(_lab.Server); // Bootstrap keeps an existing root Secret: here s3rver's credentials
        await _lab.BootstrapAsync();
        S3rverAsLabMinio.ForwardTo(_lab.Server, _s3);
    }

    public async Task DisposeAsync()
    {
        await _lab.DisposeAsync();
        await _s3.DisposeAsync();
    }

    private async Task<MinioPreflightReport> RunAsync(MinioEndpointOptions? options = null, bool create = true)
    {
        using var cluster = _lab.Connect();
        return await new MinioPreflight(cluster, EnvironmentPolicyLoader.Load(_lab.Root), TimeSpan.FromSeconds(10), _ => { })
            .RunAsync(options ?? new MinioEndpointOptions("", "", ""), create, CancellationToken.None);
    }

    [Fact]
    public async Task Missing_buckets_are_created_through_a_native_port_forward_and_kept_on_the_next_run()
    {
        var first = await RunAsync();

        Assert.True(first.Pod.Ready);
        Assert.StartsWith("port-forward to pod storage/minio-", first.Access.Via);
        Assert.Equal([("staging", "logforge-staging", BucketState.Created), ("production", "logforge-production", BucketState.Created)],
            first.Buckets.Select(b => (b.Environment, b.Bucket, b.State)));
        Assert.True(_lab.Server.PortForwards.Connections > 0);

        var second = await RunAsync();
        Assert.All(second.Buckets, b => Assert.Equal(BucketState.Present, b.State));
    }

    [Fact]
    public async Task An_existing_bucket_is_kept_and_only_the_missing_one_created_at_a_given_endpoint()
    {
        using (var client = new MinioClient().WithEndpoint(_s3.Endpoint).WithCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey).Build())
            await client.MakeBucketAsync(new MakeBucketArgs().WithBucket("logforge-production"));

        var report = await RunAsync(new MinioEndpointOptions(_s3.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey));

        Assert.Equal("--minio-endpoint", report.Access.Via);
        Assert.Equal([BucketState.Created, BucketState.Present], report.Buckets.Select(b => b.State));
    }

    [Fact]
    public async Task Wrong_credentials_are_one_line()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(new MinioEndpointOptions(_s3.Endpoint, "WRONGKEY", "wrong-secret-Zq9")));

        Assert.Equal($"MinIO at {_s3.Endpoint} (--minio-endpoint) refused the credentials to check bucket logforge-staging — check " +
            "--minio-access-key/--minio-secret-key, or the lab's Secret storage/minio-root", error.Message);
        Assert.DoesNotContain("wrong-secret-Zq9", error.ToString());
    }

    [Fact]
    public async Task Read_only_it_reports_missing_buckets_without_creating_them()
    {
        var report = await RunAsync(create: false);

        Assert.All(report.Buckets, b => Assert.Equal(BucketState.Missing, b.State));
        var again = await RunAsync(create: false);
        Assert.All(again.Buckets, b => Assert.Equal(BucketState.Missing, b.State));
    }

    [Fact]
    public async Task A_port_forward_refused_by_the_kubelet_is_one_line_with_its_message()
    {
        _lab.Server.PortForwards.Clear();
        foreach (var pod in _lab.Server.List("Pod", "storage", "app=minio"))
            _lab.Server.PortForwards.Fail("storage", pod["metadata"]!["name"]!.GetValue<string>(), 9000, "connection refused on port 9000");

        var error = await Assert.ThrowsAsync<LogForge.Delivery.Cluster.ClusterException>(() => RunAsync());

        Assert.Matches(@"^the port-forward to storage/minio-\S+:9000 failed: .*connection refused on port 9000.* — is MinIO listening on that port\?$", error.Message);
    }
}
