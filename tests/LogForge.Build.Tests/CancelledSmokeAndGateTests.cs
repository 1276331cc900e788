using LogForge.Build.Engine;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tools;
using LogForge.Testing;
using LogForge.Testing.Http;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Lab;
using LogForge.Testing.Smoke;

namespace LogForge.Build.Tests;

/// <summary>
/// Ctrl-C while `Smoke --env dev` and the gate's endpoint checks talk to LogForge over the port-forward (the real build class, in
/// process; dev's pods played by the real LogForge): the fake API server holds the port-forward's upgrade, the build is cancelled
/// there. It exits 130 with one line, the port-forward's listener is closed, and the same command run again completes.
/// </summary>
public sealed class CancelledSmokeAndGateTests : IAsyncLifetime
{
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
        _dev = await DeployedLogForge.StartAsync(_kube, _lab.Root, helm, service, "dev", new Dictionary<string, string> { ["api-keys"] = "dev-key-Tz8" });
        await _kube.UntilAsync(k => k.List("Pod", "dev", _dev.Selector).Any(PodStatus.IsReady), "a Ready dev pod");
    }

    public async Task DisposeAsync()
    {
        await _dev.DisposeAsync();
        await _kube.DisposeAsync();
        await _lab.DisposeAsync();
    }

    private (BuildResult Result, string Output) Run(CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = _kubeconfig };
        var context = new RunContext([.. args, "--log-format", "text"], environment, _lab.Root, output, error, cancellation);
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget, context);
        return (result, output + error.ToString());
    }

    private HeldRequest HoldThePortForward()
    {
        var held = new HeldRequest("connect pods/portforward in dev");
        _kube.Faults.Add(new FaultMatch("connect", "pods/portforward", "dev"), new Fault.Hold(held));
        return held;
    }

    [Fact]
    public async Task Smoke_cancelled_over_the_port_forward_closes_it_and_the_re_run_passes()
    {
        var held = HoldThePortForward();

        var (cancelled, output) = await CancelledRun.CancelWhenHeldAsync(ct => Run(ct, "Smoke", "--env", "dev"), held);

        CancelledRun.AssertCancelled(cancelled, output, "Smoke");
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
        await CancelledRun.AssertNoPortForwardListensAsync(output);

        var (rerun, rerunOutput) = Run(CancellationToken.None, "Smoke", "--env", "dev");

        Assert.True(rerun.ExitCode == 0, rerunOutput);
        Assert.Contains("9 passed, 0 failed, 0 skipped in ", rerunOutput);
        Assert.True(SmokeReportJson.Parse(File.ReadAllText(Path.Combine(_lab.Root, "artifacts", "smoke-dev.json"))).Passed);
    }

    [Fact]
    public async Task The_gate_cancelled_in_its_endpoint_checks_closes_the_port_forward_and_the_re_run_writes_the_report()
    {
        var held = HoldThePortForward();
        string[] gate = ["ValidationGate", "--kube-context", "lab", "--wait-timeout", "00:00:02"];

        var (cancelled, output) = await CancelledRun.CancelWhenHeldAsync(ct => Run(ct, gate), held);

        CancelledRun.AssertCancelled(cancelled, output, "ValidationGate");
        await held.Abandoned.WaitAsync(CancelledRun.HungAfter);
        await CancelledRun.AssertNoPortForwardListensAsync(output);

        var (rerun, rerunOutput) = Run(CancellationToken.None, gate);

        Assert.True(rerun.ExitCode == 1, rerunOutput); // as uncancelled: the rest of the lab (Argo CD, MinIO, staging) is not there
        var report = File.ReadAllText(Path.Combine(_lab.Root, "artifacts", "validation-report.md"));
        var row = report.Split('\n').Single(l => l.Contains("Cluster: endpoints /health /ready /version", StringComparison.Ordinal));
        Assert.Contains("dev: GET /health, GET /ready, GET /version passed", row);
    }
}
