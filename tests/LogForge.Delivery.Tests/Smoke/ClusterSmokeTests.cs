using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Cluster;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Versions;
using LogForge.Testing.Http;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Smoke;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>
/// Smoke of dev in a cluster: the fake API server holds what helm renders for dev (as Argo CD would have synced it) and
/// the runtime secret; the pods are played by the real LogForge configured as the rendered Deployment configures them
/// (environment dev, pipeline 1, file backend); everything goes through the native port-forward.
/// </summary>
public sealed partial class ClusterSmokeTests(HelmFixture helm, ServiceBinaryFixture binary)
    : IClassFixture<HelmFixture>, IClassFixture<ServiceBinaryFixture>, IAsyncLifetime
{
    private const string FirstKey = "smoke-first-key-Qx71";
    private const string SecondKey = "smoke-second-key-Qx72";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DeployCopy _deploy = new();
    private readonly LogCapture _log = new();
    private readonly List<string> _registered = [];
    private FakeKubernetesServer _kube = null!;
    private string _kubeconfig = "";
    private DeployedLogForge? _dev;

    public async Task InitializeAsync()
    {
        _kube = await FakeKubernetesServer.StartAsync(o => { o.ControllerMinDelay = TimeSpan.FromMilliseconds(20); o.ControllerMaxDelay = TimeSpan.FromMilliseconds(60); });
        _kubeconfig = _kube.WriteKubeconfig(_deploy.Path("kubeconfig"), "lab");
    }

    public async Task DisposeAsync()
    {
        if (_dev is not null) await _dev.DisposeAsync();
        await _kube.DisposeAsync();
        _deploy.Dispose();
    }

    private async Task DeployDevAsync() =>
        _dev = await DeployedLogForge.StartAsync(_kube, _deploy.Root, helm.Helm, binary.Service, "dev",
            new Dictionary<string, string> { ["api-keys"] = $"{FirstKey},{SecondKey}" });

    private async Task<SmokeReport> SmokeAsync(bool readOnly = false, TimeSpan? readyTimeout = null, ReleaseVersion? expected = null,
        TestClock? clock = null, CancellationToken ct = default)
    {
        using var cluster = ClusterConnection.Open(new ClusterSettings(_kubeconfig, null, ClusterSettings.DefaultRequestTimeout));
        var smoke = new ClusterSmoke(cluster, value => { lock (_registered) _registered.Add(value); }, _log.Logger, clock);
        var dev = TargetEnvironment.FromCheckout(_deploy.Root, EnvironmentPolicyLoader.Load(_deploy.Root), "dev");
        return await smoke.RunAsync(dev, expected, readOnly, readyTimeout ?? Timeout, ct);
    }

    private IReadOnlyList<JsonObject> DevPods() => _kube.List("Pod", "dev", "app.kubernetes.io/name=logforge");

    /// <summary>Every dev pod exists and waits in ImagePullBackOff: what a first ask must find for its line to be the one below.</summary>
    private Task DevPodsStuckAsync() => _kube.UntilAsync(_ => DevPods() is { Count: > 0 } pods && pods.All(p => PodStatus.IsWaiting(p, "ImagePullBackOff")),
        "every dev pod waits in ImagePullBackOff");

    [Fact]
    public async Task Healthy_dev_passes_every_check_through_the_port_forward_with_the_first_key_of_the_runtime_secret_never_shown()
    {
        await DeployDevAsync();
        var forwardListener = WatchForwardListener();

        var report = await SmokeAsync();

        Assert.True(report.Passed, SmokeReportTable.Format(report));
        Assert.Equal(
        [
            ClusterSmoke.PortForwardRow, SmokeCheckNames.Health, SmokeCheckNames.Ready, SmokeCheckNames.Version,
            SmokeCheckNames.PostOne, SmokeCheckNames.PostBatch, SmokeCheckNames.PostWithoutKey, SmokeCheckNames.PostWrongKey, SmokeCheckNames.Metrics,
        ], report.Checks.Select(c => c.Name));
        Assert.Equal("0.1.0 (deploy/env/dev/values.yaml image.tag); pipeline 1, file, Kafka off (deploy/env/policy.yaml dev); environment dev",
            report.Checks.Single(c => c.Name == SmokeCheckNames.Version).Detail);
        var route = PortForwardDetail().Match(report.Checks[0].Detail);
        Assert.True(route.Success, report.Checks[0].Detail);
        Assert.StartsWith($"LogForge in dev: svc/logforge:8080 in dev → pod {route.Groups["pod"].Value}:8080", report.Target);
        // Every request went through the fake's port-forward, one WebSocket per connection, and the forward is closed.
        Assert.True(_kube.PortForwards.Connections >= 1);
        AssertClosed(forwardListener);

        Assert.Contains(FirstKey, _registered);
        Assert.Contains(SecondKey, _registered);
        var files = await SmokeReportFiles.WriteAsync(report, _deploy.Root, _deploy.Path("step-summary.md"));
        foreach (var text in files.Append(_deploy.Path("step-summary.md")).Select(File.ReadAllText).Append(_log.Text).Append(SmokeReportTable.Format(report)))
        {
            Assert.DoesNotContain(FirstKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecondKey, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_key_posted_is_the_first_of_the_secret_a_key_the_pods_do_not_have_fails_both_posts()
    {
        await DeployDevAsync();
        // The secret rotated after the pods started: its first key is one they never got.
        SetApiKeys("rotated-key-the-pods-lack", FirstKey);

        var report = await SmokeAsync();

        Assert.Equal([SmokeCheckNames.PostOne, SmokeCheckNames.PostBatch], report.Failures.Select(f => f.Name));
        Assert.StartsWith("expected 202 {\"accepted\":1} — got 401 ", report.Failures.First().Detail, StringComparison.Ordinal);
        Assert.Contains("rotated-key-the-pods-lack", _registered);
    }

    [Fact]
    public async Task A_pod_not_Ready_yet_is_waited_for_with_a_progress_line_then_the_checks_pass()
    {
        _kube.Controller.NeverReady("Deployment", "dev", "logforge");
        await DeployDevAsync();
        await DevPodsStuckAsync();
        var clock = new TestClock();

        var smoke = SmokeAsync(clock: clock);
        await clock.WaitingAsync(); // asked once, found no Ready pod, and waits to ask again
        _kube.Controller.AllowReady("Deployment", "dev", "logforge");
        await _kube.UntilAsync(_ => DevPods().Any(PodStatus.IsReady), "a dev pod is Ready");
        var report = await clock.RunAsync(smoke);

        Assert.True(report.Passed, SmokeReportTable.Format(report));
        Assert.Matches(@"^no Ready pod behind Service dev/logforge \(logforge-\w+-\w{5}: Pending, container api waiting: ImagePullBackOff: Back-off pulling image " +
            @"""ghcr\.io/logforge-dev/logforge:0\.1\.0""\) — asking again until 30 s have passed \(0 s so far\)$",
            Assert.Single(_log.Messages, m => m.StartsWith("no Ready pod", StringComparison.Ordinal)));
        Assert.Contains(_log.Messages, m => Regex.IsMatch(m, @"^Pod dev/logforge-\w+-\w{5} is Ready \(0\.5 s\)$"));
    }

    [Fact]
    public async Task No_Ready_pod_within_the_timeout_is_one_line_naming_the_pod_and_why()
    {
        _kube.Controller.NeverReady("Deployment", "dev", "logforge");
        await DeployDevAsync();
        await DevPodsStuckAsync();
        var clock = new TestClock();

        var error = await Assert.ThrowsAsync<ClusterException>(() => clock.RunAsync(SmokeAsync(readyTimeout: TimeSpan.FromSeconds(2), clock: clock)));

        Assert.Matches(@"^no Ready pod behind Service dev/logforge \(logforge-\w+-\w{5}: Pending, container api waiting: ImagePullBackOff: [^\n]*\) after 2 s — " +
            @"wait for the rollout \(kubectl -n dev get pods\), look at the pods' events, or raise --wait-timeout$", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed); // asked at 0, 0.5, 1, 1.5 and 2 s
        Assert.Equal(0, _kube.PortForwards.Connections);
    }

    [Fact]
    public async Task A_values_file_ahead_of_what_is_deployed_fails_the_version_row_naming_both()
    {
        await DeployDevAsync();
        _deploy.Replace("deploy/env/dev/values.yaml", "tag: \"0.1.0\"", "tag: \"0.2.0\""); // merged, not synced yet

        var report = await SmokeAsync();

        Assert.Equal([SmokeCheckNames.Version], report.Failures.Select(f => f.Name));
        Assert.StartsWith("version: expected 0.2.0 (deploy/env/dev/values.yaml image.tag), got 0.1.0 — got 200 {\"version\":\"0.1.0\",",
            report.Failures.Single().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_it_needs_no_secret_and_checks_the_requested_version()
    {
        await DeployDevAsync();
        Assert.True(_kube.Delete("Secret", "dev", "logforge-dev-runtime"));

        var report = await SmokeAsync(readOnly: true, expected: ReleaseVersion.Parse("v0.2.0"));

        Assert.Equal([ClusterSmoke.PortForwardRow, SmokeCheckNames.Health, SmokeCheckNames.Ready, SmokeCheckNames.Version], report.Checks.Select(c => c.Name));
        Assert.Equal([SmokeCheckNames.Version], report.Failures.Select(f => f.Name));
        Assert.StartsWith("version: expected 0.2.0 (requested), got 0.1.0 — ", report.Failures.Single().Detail, StringComparison.Ordinal);
        Assert.Empty(_registered);
    }

    [Fact]
    public async Task An_error_on_the_port_forward_error_channel_fails_the_port_forward_row_quoting_it()
    {
        await DeployDevAsync();
        _kube.PortForwards.Fail("dev", "logforge", 8080, "simulated: container api is restarting");

        var clock = new TestClock();
        var report = await clock.RunAsync(SmokeAsync(readyTimeout: TimeSpan.FromSeconds(2), clock: clock));

        var row = report.Checks[0];
        Assert.Equal((ClusterSmoke.PortForwardRow, CheckStatus.Failed), (row.Name, row.Status));
        Assert.Matches(@"^the kubelet reported on the error channel: simulated: container api is restarting \(svc/logforge:8080 in dev → pod logforge-\S+:8080, " +
            @"forwarded from 127\.0\.0\.1:\d+\)$", row.Detail);
        var health = report.Checks.Single(c => c.Name == SmokeCheckNames.Health);
        Assert.Equal(CheckStatus.Failed, health.Status);
        Assert.StartsWith("expected 200 — got no answer: ", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_service_is_one_line()
    {
        await DeployDevAsync();
        Assert.True(_kube.Delete("Service", "dev", "logforge"));

        var error = await Assert.ThrowsAsync<ClusterException>(() => SmokeAsync());

        Assert.Matches(@"^no Service logforge in namespace dev \(context lab \(http://127\.0\.0\.1:\d+/?\)\) — is the application deployed there\? " +
            @"\(Argo CD syncs it; \./build\.sh ApplyArgo\)$", error.Message);
    }

    [Fact]
    public async Task No_runtime_secret_is_one_line_before_any_pod_is_looked_for()
    {
        await DeployDevAsync();
        Assert.True(_kube.Delete("Secret", "dev", "logforge-dev-runtime"));
        _kube.Requests.Reset();

        var error = await Assert.ThrowsAsync<ClusterException>(() => SmokeAsync());

        Assert.Matches(@"^no Secret dev/logforge-dev-runtime \(context lab \(http://127\.0\.0\.1:\d+/?\)\), so no API key to post with — create it with \./build\.sh Secrets$",
            error.Message);
        Assert.DoesNotContain(_kube.Requests.All, r => r.Path.Contains("/pods", StringComparison.Ordinal) || r.Path.Contains("/services", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_runtime_secret_without_the_values_files_key_is_one_line_naming_the_key()
    {
        await DeployDevAsync();
        _kube.Update("Secret", "dev", "logforge-dev-runtime", secret => secret["data"] = new System.Text.Json.Nodes.JsonObject { ["apiKeys"] = "eA==" });

        var error = await Assert.ThrowsAsync<ClusterException>(() => SmokeAsync());

        Assert.Equal("Secret dev/logforge-dev-runtime has no key api-keys (deploy/env/dev/values.yaml runtimeSecret.keys.apiKeys) — write it with ./build.sh Secrets", error.Message);
    }

    [Fact]
    public async Task A_runtime_secret_whose_key_holds_no_key_is_one_line()
    {
        await DeployDevAsync();
        SetApiKeys(" , ");

        var error = await Assert.ThrowsAsync<ClusterException>(() => SmokeAsync());

        Assert.Equal("Secret dev/logforge-dev-runtime holds no API key under api-keys (it is empty) — write one with ./build.sh Secrets --api-keys …", error.Message);
    }

    [Fact]
    public async Task Cancelled_while_asking_ready_again_it_closes_the_port_forward()
    {
        await DeployDevAsync();
        _kube.PortForwards.Fail("dev", "logforge", 8080, "simulated: nothing listens yet");
        using var cancellation = new CancellationTokenSource();
        var forwardListener = WatchForwardListener(m => { if (m.StartsWith("GET /ready: no answer", StringComparison.Ordinal)) cancellation.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SmokeAsync(ct: cancellation.Token));

        AssertClosed(forwardListener);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_one_line()
    {
        await _kube.DisposeAsync();

        var error = await Assert.ThrowsAsync<ClusterException>(() => SmokeAsync());

        Assert.Matches(@"^cannot reach the Kubernetes API server at http://127\.0\.0\.1:\d+/? \(lab\) to read Secret dev/logforge-dev-runtime: .+ — is the cluster running\? " +
            @"Check --kube-context and --kubeconfig\.$", error.Message);
    }

    /// <summary>The listening socket of the forward the log announces, taken while it is open (then <see cref="AssertClosed"/>).</summary>
    private HashSet<long> WatchForwardListener(Action<string>? alsoOnMessage = null)
    {
        var listener = new HashSet<long>();
        _log.OnMessage = message =>
        {
            var forwarding = ForwardingLine().Match(message);
            if (forwarding.Success) listener.UnionWith(ListeningSockets.HeldOn(int.Parse(forwarding.Groups["port"].Value)));
            alsoOnMessage?.Invoke(message);
        };
        return listener;
    }

    /// <summary>The forward's own listener is closed (its freed port may already be another listener's: the check is not on the port).</summary>
    private void AssertClosed(HashSet<long> forwardListener)
    {
        Assert.True(forwardListener.Count > 0, "no listening socket was seen for the forward the log announces:\n" + _log.Text);
        Assert.Empty(ListeningSockets.StillHeld(forwardListener));
    }

    private void SetApiKeys(params string[] keys) =>
        _kube.Update("Secret", "dev", "logforge-dev-runtime", secret =>
            secret["data"]!["api-keys"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join(",", keys))));

    [GeneratedRegex(@"^Forwarding 127\.0\.0\.1:(?<port>\d+) → pod dev/logforge-")]
    private static partial Regex ForwardingLine();

    [GeneratedRegex(@"^svc/logforge:8080 in dev → pod (?<pod>logforge-\w+-\w{5}):8080, forwarded from 127\.0\.0\.1:(?<port>\d+); no error from the kubelet$")]
    private static partial Regex PortForwardDetail();
}
