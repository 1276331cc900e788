using System.Text.RegularExpressions;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>Smoke local with the real LogForge, configured by real helm output of a (mutated) copy of deploy/.</summary>
public sealed partial class LocalSmokeTests(HelmFixture helm, ServiceBinaryFixture binary) : IClassFixture<HelmFixture>, IClassFixture<ServiceBinaryFixture>
{
    private const string ConfigMapTemplate = "deploy/helm/logforge/templates/configmap.yaml";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_committed_deploy_tree_passes_and_leaves_nothing_behind()
    {
        using var deploy = new DeployCopy();
        var log = new LogCapture();
        string? apiKey = null;

        var report = await RunAsync(deploy, log, new SmokeRequest(null, Timeout, key => apiKey = key));

        Assert.True(report.Passed, SmokeReportTable.Format(report));
        Assert.Equal(
        [
            LocalService.StartRow, SmokeCheckNames.Health, SmokeCheckNames.Ready, SmokeCheckNames.Version, SmokeCheckNames.PostOne, SmokeCheckNames.PostBatch,
            SmokeCheckNames.PostWithoutKey, SmokeCheckNames.PostWrongKey, SmokeCheckNames.Metrics, SmokeCheckNames.StoredEvents, LocalService.StopRow,
        ], report.Checks.Select(c => c.Name));
        Assert.Equal("0.1.0 (deploy/env/dev/values.yaml image.tag); pipeline 1, file, Kafka off (deploy/env/policy.yaml dev); environment local",
            report.Checks.Single(c => c.Name == SmokeCheckNames.Version).Detail);
        Assert.Matches(@"^11 events with marker smoke-[0-9a-f]{12} in logforge-\d{4}-\d{2}-\d{2}\.ndjson$", report.Checks.Single(c => c.Name == SmokeCheckNames.StoredEvents).Detail);
        AssertNothingLeft(log);

        Assert.NotNull(apiKey);
        var files = await SmokeReportFiles.WriteAsync(report, deploy.Root, deploy.Path("step-summary.md"));
        Assert.DoesNotContain(apiKey, log.Text, StringComparison.Ordinal);
        foreach (var written in files.Append(deploy.Path("step-summary.md")))
            Assert.DoesNotContain(apiKey, await File.ReadAllTextAsync(written), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configmap_that_renders_pipeline_2_for_dev_fails_the_start_with_what_LogForge_said()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(ConfigMapTemplate, "LOGFORGE_PIPELINE_VERSION: {{ .Values.pipeline.version | quote }}", "LOGFORGE_PIPELINE_VERSION: \"2\"");
        var log = new LogCapture();

        var report = await RunAsync(deploy, log, new SmokeRequest(null, Timeout));

        Assert.False(report.Passed);
        var start = report.Checks[0];
        Assert.Equal((LocalService.StartRow, CheckStatus.Failed), (start.Name, start.Status));
        Assert.StartsWith("LogForge exited with code 2 before it listened: ✗ LogForge: invalid configuration — pipeline 2 needs LOGFORGE_KAFKA_ENABLED=true;",
            start.Detail, StringComparison.Ordinal);
        Assert.All(report.Checks.Skip(1), c => Assert.Equal(CheckStatus.Skipped, c.Status));
        Assert.Equal("LogForge did not start", report.Checks.Single(c => c.Name == SmokeCheckNames.Version).Detail);
        AssertNothingLeft(log);
    }

    [Fact]
    public async Task A_configmap_that_gives_LogForge_another_version_than_the_values_fails_the_version_row()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(ConfigMapTemplate, "LOGFORGE_VERSION: {{ .Values.image.tag | quote }}", "LOGFORGE_VERSION: \"0.0.9\"");
        var log = new LogCapture();

        var report = await RunAsync(deploy, log, new SmokeRequest(null, Timeout));

        Assert.Equal([SmokeCheckNames.Version], report.Failures.Select(f => f.Name));
        Assert.StartsWith("version: expected 0.1.0 (deploy/env/dev/values.yaml image.tag), got 0.0.9 — got 200 {\"version\":\"0.0.9\",",
            report.Failures.Single().Detail, StringComparison.Ordinal);
        AssertNothingLeft(log);
    }

    [Fact]
    public async Task A_key_LogForge_does_not_accept_fails_the_posts_and_nothing_is_stored()
    {
        using var deploy = new DeployCopy();
        await RenderDevAsync(deploy);
        var dataDirectory = Directory.CreateTempSubdirectory("logforge-smoke-test-").FullName;
        try
        {
            var settings = LocalServiceSettings.Compose(RenderedSettings.Read(deploy.Root, "dev"), dataDirectory, "the-key-logforge-has", []);
            var expected = SmokeExpectation.For(SmokeEnvironments.Local, TargetEnvironment.FromCheckout(deploy.Root, EnvironmentPolicyLoader.Load(deploy.Root), "dev"), null);
            await using var service = await LocalService.StartAsync(binary.Service, settings, Timeout, log: new LogCapture().Logger);
            using var checks = new SmokeChecks(service.BaseAddress, expected, new LogCapture().Logger);

            var rows = await checks.AllAsync("a-key-it-does-not-have", Timeout, dataDirectory, CancellationToken.None);

            Assert.Equal([SmokeCheckNames.PostOne, SmokeCheckNames.PostBatch, SmokeCheckNames.StoredEvents],
                rows.Where(r => r.Status == CheckStatus.Failed).Select(r => r.Name));
            Assert.StartsWith("expected 202 {\"accepted\":1} — got 401 {\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.2\",\"title\":\"Unauthorized\",\"status\":401,",
                rows.Single(r => r.Name == SmokeCheckNames.PostOne).Detail, StringComparison.Ordinal);
            Assert.Matches(@"^expected 11 events with marker smoke-[0-9a-f]{12} — found 0 \(no file in .+ holds them\)$", rows.Single(r => r.Name == SmokeCheckNames.StoredEvents).Detail);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Cancelled_while_checking_it_stops_LogForge_and_removes_its_data()
    {
        using var deploy = new DeployCopy();
        using var cancellation = new CancellationTokenSource();
        var log = new LogCapture { OnMessage = m => { if (m.StartsWith("LogForge is listening", StringComparison.Ordinal)) cancellation.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(deploy, log, new SmokeRequest(null, Timeout), cancellation.Token));

        Assert.Contains(log.Messages, m => m.StartsWith("Stopped LogForge (pid", StringComparison.Ordinal));
        AssertNothingLeft(log);
    }

    private async Task<SmokeReport> RunAsync(DeployCopy deploy, LogCapture log, SmokeRequest request, CancellationToken ct = default)
    {
        await RenderDevAsync(deploy);
        return await new LocalSmoke(deploy.Root, binary.Service, log: log.Logger).RunAsync(request, ct);
    }

    private async Task RenderDevAsync(DeployCopy deploy)
    {
        var render = await new HelmRenderer(deploy.Root, helm.Helm).RenderAsync("dev");
        Assert.True(render.Succeeded, render.Failure);
    }

    /// <summary>The LogForge process the log names has ended, its port is closed and its data directory is gone.</summary>
    private static void AssertNothingLeft(LogCapture log)
    {
        var started = log.Messages.Select(m => Listening().Match(m)).FirstOrDefault(m => m.Success);
        if (started is not null)
        {
            Assert.False(ProcessState.IsRunning(int.Parse(started.Groups["pid"].Value)), $"LogForge (pid {started.Groups["pid"].Value}) is still running");
            Assert.False(LoopbackPort.AcceptsConnectionsAsync(int.Parse(started.Groups["port"].Value), CancellationToken.None).GetAwaiter().GetResult());
        }
        var data = log.Messages.Select(m => DataDirectory().Match(m)).Single(m => m.Success).Groups["path"].Value;
        Assert.False(Directory.Exists(data), $"{data} is still there");
    }

    [GeneratedRegex(@"^LogForge is listening on http://127\.0\.0\.1:(?<port>\d+)/ \(pid (?<pid>\d+),")]
    private static partial Regex Listening();

    [GeneratedRegex(@"; data in (?<path>/\S+)$")]
    private static partial Regex DataDirectory();
}
