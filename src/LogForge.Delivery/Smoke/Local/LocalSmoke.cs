using System.Diagnostics;
using System.Security.Cryptography;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Process;
using Serilog;

namespace LogForge.Delivery.Smoke.Local;

/// <summary>
/// Smoke --env local: LogForge from this checkout's build output, configured by dev's rendered ConfigMap
/// (artifacts/rendered/dev.yaml, so the chart's real output is what runs) with a temporary data directory and a
/// generated API key, on a free loopback port; every check (1–6); then SIGTERM, and the data directory removed.
/// </summary>
public sealed class LocalSmoke(string repoRoot, ServiceBinary service, ProcessRunner? runner = null, ILogger? log = null)
{
    private readonly ILogger _log = log ?? Log.ForContext<LocalSmoke>();

    /// <summary>The rows every check gets when LogForge did not start.</summary>
    private static readonly string[] CheckRows =
    [
        SmokeCheckNames.Health, SmokeCheckNames.Ready, SmokeCheckNames.Version, SmokeCheckNames.PostOne,
        SmokeCheckNames.PostBatch, SmokeCheckNames.PostWithoutKey, SmokeCheckNames.PostWrongKey, SmokeCheckNames.StoredEvents,
    ];

    public async Task<SmokeReport> RunAsync(SmokeRequest request, CancellationToken ct = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var policy = EnvironmentPolicyLoader.Load(repoRoot);
        var expected = SmokeExpectation.For(SmokeEnvironments.Local, TargetEnvironment.FromCheckout(repoRoot, policy, SmokeEnvironments.LocalConfiguration),
            request.ExpectedVersion);
        var configMap = RenderedSettings.Read(repoRoot, SmokeEnvironments.LocalConfiguration);
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        request.MaskSecret?.Invoke(apiKey);

        var dataDirectory = Directory.CreateTempSubdirectory("logforge-smoke-").FullName;
        var rows = new List<SmokeCheckResult>();
        string target;
        try
        {
            var environment = LocalServiceSettings.Compose(configMap, dataDirectory, apiKey, InheritedVariables());
            _log.Information("Starting LogForge from {Directory} with {Configuration}; data in {DataDirectory}",
                Path.GetRelativePath(repoRoot, service.Directory), RenderedSettings.Describe(repoRoot, SmokeEnvironments.LocalConfiguration), dataDirectory);
            await using var local = await LocalService.StartAsync(service, environment, request.WaitTimeout, runner, _log, ct);
            target = $"LogForge from {Path.GetRelativePath(repoRoot, service.Directory)} at {local.BaseAddress}, " +
                $"configured by {RenderedSettings.Describe(repoRoot, SmokeEnvironments.LocalConfiguration)}";
            rows.Add(local.Started);
            if (local.IsListening)
            {
                using var checks = new SmokeChecks(local.BaseAddress, expected, _log);
                rows.AddRange(await checks.AllAsync(apiKey, request.WaitTimeout, dataDirectory, ct));
            }
            else
            {
                rows.AddRange(CheckRows.Select(name => SmokeCheckResult.Skip(name, "LogForge did not start")));
            }
            rows.Add(await local.StopAsync());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
            _log.Information("Removed {DataDirectory}", dataDirectory);
        }
        return new SmokeReport(SmokeEnvironments.Local, target, rows, startedAt, clock.Elapsed);
    }

    private static IEnumerable<string> InheritedVariables() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>();
}
