using LogForge.Delivery.Storage;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Storage;
using LogForge.Testing.Time;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Delivery.Tests.Cluster.Faults;

/// <summary>MinioPreflight under S3's transient answers (through a fault proxy in front of s3rver) and a refused port-forward
/// upgrade: each is asked again with a progress line, and a missing bucket is made once.</summary>
[Collection(nameof(FaultLabCollection))]
public sealed class MinioFaultTests(FaultLab lab)
{
    private readonly VirtualClock _clock = new();
    private readonly LogCapture _log = new();

    private async Task<MinioPreflightReport> PreflightAsync(string endpoint = "", string accessKey = "", string secretKey = "")
    {
        using var cluster = FaultedCluster.Open(lab.Lab.Kubeconfig, _clock, _log);
        return await new MinioPreflight(cluster, lab.Policy, TimeSpan.FromSeconds(30), _ => { }, _log.Logger)
            .RunAsync(new MinioEndpointOptions(endpoint, accessKey, secretKey), create: true, CancellationToken.None);
    }

    [Theory]
    [InlineData(S3FaultProxy.Answer.SlowDown, "503 Service Unavailable")]
    [InlineData(S3FaultProxy.Answer.InternalError, "500 Internal Server Error")]
    [InlineData(S3FaultProxy.Answer.Reset, "the connection")]
    public async Task A_transient_s3_answer_is_asked_again_and_the_missing_bucket_is_made_once(S3FaultProxy.Answer answer, string said)
    {
        using (var minio = new MinioClient().WithEndpoint(lab.S3.Endpoint).WithCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey).Build())
            await minio.RemoveBucketAsync(new RemoveBucketArgs().WithBucket("logforge-staging"));
        await using var proxy = await S3FaultProxy.StartAsync(lab.S3.IPEndPoint);
        proxy.Fail("PUT", "/logforge-staging/", answer);
        proxy.Fail("HEAD", "/logforge-production/", answer);

        var report = await PreflightAsync(proxy.Endpoint, S3rverServer.AccessKey, S3rverServer.SecretKey);

        Assert.Equal([BucketState.Created, BucketState.Present], report.Buckets.Select(b => b.State));
        var puts = proxy.Requests.Where(r => r.StartsWith("PUT /logforge-staging/ ", StringComparison.Ordinal)).ToList();
        Assert.True(puts.Count == 2, string.Join("\n", proxy.Requests));
        Assert.EndsWith("→ 200", puts[1]);
        var lines = FaultedCluster.RetryLines(_log, "MinIO");
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Contains(said, l));
        Assert.Contains(lines, l => l.Contains(" to PUT /logforge-staging/ — asking again in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_port_forward_upgrade_answered_503_is_asked_again_while_the_connection_waits()
    {
        lab.Lab.Server.Faults.Clear();
        lab.Lab.Server.Faults.Add(new FaultMatch("connect", "pods/portforward", "storage"), new Fault.ServerError(503), times: 2);

        var report = await PreflightAsync();

        Assert.All(report.Buckets, b => Assert.NotEqual(BucketState.Missing, b.State));
        Assert.Equal(0, lab.Lab.Server.Faults.Pending);
        var lines = _log.Messages.Where(m => m.StartsWith("Kubernetes API: 503 to the port-forward upgrade of pod storage/minio-",
            StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Contains("asking again in ", l));
        Assert.DoesNotContain(_log.Messages, m => m.Contains("refused", StringComparison.Ordinal));
    }
}

/// <summary>One fault lab for the classes that share it (xUnit runs a collection's classes one after another).</summary>
[CollectionDefinition(nameof(FaultLabCollection))]
public sealed class FaultLabCollection : ICollectionFixture<FaultLab>;
