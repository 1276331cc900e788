using LogForge.Build.Engine;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tools;
using LogForge.Testing;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Lab;
using LogForge.Testing.Smoke;

namespace LogForge.Build.Tests;

/// <summary>
/// `./build.sh Smoke --env dev` and the gate's endpoint row as a user runs them (the real build class, in process) against the fake
/// API server holding dev as the chart renders it, its pods played by the real LogForge; the key of the runtime secret must never
/// reach the console (text or JSON lines) or a file in artifacts/.
/// </summary>
public sealed class SmokeClusterTargetTests : IAsyncLifetime
{
    private const string ApiKey = "dev-api-key-Vq5\"secret";
    private static readonly string[] SecretFragments = [ApiKey, "Vq5", "dev-api-key"];

    private FakeKubernetesServer _kube = null!;
    private LabRepository _lab = null!;
    private DeployedLogForge _dev = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        var helm = await new HelmResolver(RepositoryRoot.Path).ResolveAsync();
        var service = await new ServiceBuild(RepositoryRoot.Path, "Debug").EnsureBuiltAsync();
        _kube = await FakeKubernetesServer.StartAsync(o => o.ControllerMinDelay = o.ControllerMaxDelay = TimeSpan.FromMilliseconds(30));
        _lab = await LabRepository.CreateAsync(helm);
        _kubeconfig = _kube.WriteKubeconfig(Path.Combine(_lab.Root, "kubeconfig"), "lab");
        _dev = await DeployedLogForge.StartAsync(_kube, _lab.Root, helm, service, "dev", new Dictionary<string, string> { ["api-keys"] = ApiKey
            + ",second-key" });
        // Rolled out before any test runs: the gate's 2 s wait must find a Ready pod however late the fake controller is.
        await _kube.UntilAsync(k => k.List("Pod", "dev", _dev.Selector).Any(PodStatus.IsReady), "a Ready dev pod");
        // What the deployment's render left in artifacts/ is not the run's: only what Smoke and the gate write is looked at.
        Directory.Delete(Path.Combine(_lab.Root, "artifacts"), recursive: true);
    }

    public async Task DisposeAsync()
    {
        await _dev.DisposeAsync();
        await _kube.DisposeAsync();
        await _lab.DisposeAsync();
    }

    private (BuildResult Result, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = _kubeconfig };
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget, new RunContext(args, environment, _lab.Root, output, error, CancellationToken.None));
        return (result, output + error.ToString());
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Smoke_dev_passes_over_the_port_forward_needs_no_helm_and_never_shows_the_key(string format)
    {
        var (result, output) = Run("Smoke", "--env", "dev", "--log-format", format, "--verbose");

        Assert.True(result.ExitCode == 0, output);
        Assert.Equal(["Smoke"], result.Targets.Select(t => t.Name));
        Assert.DoesNotContain("Using helm", output);
        Assert.False(Directory.Exists(Path.Combine(_lab.Root, "artifacts", "rendered")), "a cluster env needs no render");
        Assert.Contains("9 passed, 0 failed, 0 skipped in ", output);
        Assert.Contains("0.1.0 (deploy/env/dev/values.yaml image.tag); pipeline 1, file, Kafka off (deploy/env/policy.yaml dev); environment dev",
            Unquoted(output));
        var report = SmokeReportJson.Parse(File.ReadAllText(Path.Combine(_lab.Root, "artifacts", "smoke-dev.json")));
        Assert.True(report.Passed);
        Assert.Equal("Port-forward", report.Checks[0].Name);
        AssertNoSecretIn(output);
        AssertNoSecretInArtifacts();
    }

    [Fact]
    public void An_error_on_the_port_forward_fails_the_target_naming_the_rows_and_the_report()
    {
        _kube.PortForwards.Fail("dev", "logforge", 8080, "simulated: container api is restarting");

        var (result, output) = Run("Smoke", "--env", "dev", "--wait-timeout", "00:00:02");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the kubelet reported on the error channel: simulated: container api is restarting", output);
        Assert.Contains("✗ Smoke: Port-forward, GET /health, GET /ready, GET /version, POST /logs, 1 event, POST /logs, NDJSON batch of 10, " +
            "POST /logs without a key, POST /logs with a wrong key, GET /metrics failed — see the table above or artifacts/smoke-dev.md", output);
        Assert.False(SmokeReportJson.Parse(File.ReadAllText(Path.Combine(_lab.Root, "artifacts", "smoke-dev.json"))).Passed);
        AssertNoSecretIn(output);
        AssertNoSecretInArtifacts();
    }

    [Fact]
    public async Task An_unreachable_cluster_is_one_line_and_exit_1()
    {
        await _kube.DisposeAsync();

        var (result, output) = Run("Smoke", "--env", "dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"✗ Smoke: cannot reach the Kubernetes API server at http://127\.0\.0\.1:\d+/? \(lab\) to read Secret dev/logforge-dev-runtime: [^\n]+ — " +
            @"is the cluster running\? Check --kube-context and --kubeconfig\.\n", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void The_gate_with_a_cluster_runs_the_endpoint_checks_of_dev_and_staging()
    {
        var (result, output) = Run("ValidationGate", "--kube-context", "lab", "--wait-timeout", "00:00:02");

        Assert.Equal(1, result.ExitCode); // nothing else of the lab is there: no Argo CD, no MinIO, no staging
        var report = File.ReadAllText(Path.Combine(_lab.Root, "artifacts", "validation-report.md"));
        var row = report.Split('\n').Single(l => l.Contains("Cluster: endpoints /health /ready /version", StringComparison.Ordinal));
        Assert.Contains("dev: GET /health, GET /ready, GET /version passed — 0.1.0 (deploy/env/dev/values.yaml image.tag)", row);
        Assert.Contains("staging: no Service logforge in namespace staging", row);
        Assert.DoesNotContain("production:", row);
        AssertNoSecretIn(output);
    }

    /// <summary>The text without the quoting JSON lines add, so one expectation fits both log formats.</summary>
    private static string Unquoted(string text) => text.Replace("\\\"", "").Replace("\"", "");

    private static void AssertNoSecretIn(string text)
    {
        foreach (var value in SecretFragments)
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"'{value}' appears in:\n{text}");
    }

    private void AssertNoSecretInArtifacts()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_lab.Root, "artifacts"), "*", SearchOption.AllDirectories))
            AssertNoSecretIn(File.ReadAllText(file));
    }
}
