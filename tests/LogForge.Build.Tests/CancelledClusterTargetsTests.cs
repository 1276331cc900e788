using LogForge.Build.Engine;
using LogForge.Delivery.Tools;
using LogForge.Testing;
using LogForge.Testing.Http;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Lab;
using LogForge.Testing.Storage;

namespace LogForge.Build.Tests;

/// <summary>
/// Ctrl-C in the middle of Bootstrap, ApplyArgo, Secrets and MinioPreflight (the real build class, in process, against the fake API
/// server and s3rver as MinIO behind a fault proxy): the fake holds one write — after it was stored, or before — and the build is
/// cancelled there. It exits 130 with one line, leaves no port-forward listening, and a re-run of the same command completes without
/// making the held write a second time.
/// </summary>
public sealed class CancelledClusterTargetsTests : IAsyncLifetime
{
    private const string GhcrToken = "ghcr-token-Cx4-secret";
    private const string ApiKey = "api-key-Cx5-secret";

    private FakeKubernetesServer _server = null!;
    private LabRepository _lab = null!;
    private S3rverServer _s3 = null!;
    private S3FaultProxy _s3Proxy = null!;
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var helm = await new HelmResolver(RepositoryRoot.Path).ResolveAsync();
        _server = await FakeKubernetesServer.StartAsync(o => o.ControllerMinDelay = o.ControllerMaxDelay = TimeSpan.FromMilliseconds(50));
        _lab = await LabRepository.CreateAsync(helm);
        _s3 = await S3rverServer.StartAsync();
        _s3Proxy = await S3FaultProxy.StartAsync(_s3.IPEndPoint);
        S3rverAsLabMinio.SeedRootSecret(_server);
        _server.PortForwards.MapSelector("storage", "app=minio", 9000, _s3Proxy.IPEndPoint);
        _environment["GHCR_TOKEN"] = GhcrToken;
        _environment["KUBECONFIG"] = _server.WriteKubeconfig(Path.Combine(_lab.Root, "kubeconfig"), "lab");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _s3Proxy.DisposeAsync();
        await _s3.DisposeAsync();
        await _lab.DisposeAsync();
    }

    private (BuildResult Result, string Output) Run(CancellationToken cancellation, string target)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = [target, "--ghcr-username", "lab-user", "--api-keys", ApiKey, "--log-format", "text"];
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget, new RunContext(args, _environment, _lab.Root, output, error, cancellation));
        return (result, output + error.ToString());
    }

    /// <summary>The held write was stored and only its answer held: the re-run finds it applied and changes nothing there.</summary>
    [Theory]
    [InlineData("Bootstrap", "patch", "kafkas", null, null)]
    [InlineData("ApplyArgo", "patch", "applications", "argocd", "logforge-staging")]
    public async Task Cancelled_after_an_apply_the_re_run_completes_and_does_not_change_that_object_again(
        string target, string verb, string resource, string? ns, string? name)
    {
        var held = new HeldRequest($"{verb} {resource}");
        var match = new FaultMatch(verb, resource, ns, name);
        _server.Faults.Add(match, new Fault.Hold(held, AfterServing: true));

        var (cancelled, output) = await CancelledRun.CancelWhenHeldAsync(ct => Run(ct, target), held);

        CancelledRun.AssertCancelled(cancelled, output, target);
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
        var heldPath = _server.Requests.All.Last(r => r.IsWrite && r.Path.Contains($"/{resource}", StringComparison.Ordinal)
            && (name is null || r.Path.EndsWith(name, StringComparison.Ordinal))).Path;
        _server.Requests.Reset();

        var (rerun, rerunOutput) = Run(CancellationToken.None, target);

        Assert.True(rerun.ExitCode == 0, rerunOutput);
        Assert.Contains(_server.Requests.All, r => r.IsWrite && r.Path == heldPath);
        Assert.DoesNotContain(_server.Requests.All, r => r.Path == heldPath && r.Mutated);
    }

    /// <summary>A secret is one write, all or nothing: held before it was stored, it is not there; the re-run writes it once and
    /// leaves the secrets the first run wrote alone.</summary>
    [Fact]
    public async Task Cancelled_before_a_secret_write_no_half_written_secret_and_the_re_run_writes_only_what_is_missing()
    {
        var held = new HeldRequest("patch production/logforge-production-runtime");
        _server.Faults.Add(new FaultMatch("patch", "secrets", "production", "logforge-production-runtime"), new Fault.Hold(held));

        var (cancelled, output) = await CancelledRun.CancelWhenHeldAsync(ct => Run(ct, "Secrets"), held);

        CancelledRun.AssertCancelled(cancelled, output, "Secrets");
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
        held.Release();
        Assert.Null(_server.Get("Secret", "production", "logforge-production-runtime"));
        var writtenBefore = _server.Requests.All.Where(r => r.IsWrite && r.Mutated && r.Path.Contains("/secrets/", StringComparison.Ordinal))
            .Select(r => r.Path).ToList();
        Assert.NotEmpty(writtenBefore);
        _server.Requests.Reset();

        var (rerun, rerunOutput) = Run(CancellationToken.None, "Secrets");

        Assert.True(rerun.ExitCode == 0, rerunOutput);
        Assert.Contains("production/logforge-production-runtime: created", rerunOutput);
        Assert.Single(_server.Requests.All, r => r.Mutated && r.Path.EndsWith("/production/secrets/logforge-production-runtime", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests.All, r => r.Mutated && writtenBefore.Contains(r.Path));
        Assert.NotNull(_server.Get("Secret", "production", "logforge-production-runtime")!["data"]?["api-keys"]);
    }

    /// <summary>Held at the bucket's creation, reached over the port-forward: the cancel closes the port-forward (its listener and
    /// the connection through it); the re-run creates the bucket with one request.</summary>
    [Fact]
    public async Task Cancelled_while_creating_a_bucket_the_port_forward_is_closed_and_the_re_run_creates_it_once()
    {
        var held = _s3Proxy.Hold("PUT", "/logforge-staging/");

        var (cancelled, output) = await CancelledRun.CancelWhenHeldAsync(ct => Run(ct, "MinioPreflight"), held);

        CancelledRun.AssertCancelled(cancelled, output, "MinioPreflight");
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
        await CancelledRun.AssertNoPortForwardListensAsync(output);
        Assert.DoesNotContain(_s3Proxy.Requests, r => r.StartsWith("PUT /logforge-staging/ → 2", StringComparison.Ordinal));
        var before = _s3Proxy.Requests.Count;

        var (rerun, rerunOutput) = Run(CancellationToken.None, "MinioPreflight");

        Assert.True(rerun.ExitCode == 0, rerunOutput);
        Assert.Contains("bucket logforge-staging created", rerunOutput);
        Assert.Single(_s3Proxy.Requests.Skip(before), r => r.StartsWith("PUT /logforge-staging/ →", StringComparison.Ordinal));
    }
}
