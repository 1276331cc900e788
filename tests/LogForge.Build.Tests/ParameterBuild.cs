using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

internal enum Stage { Dev, Staging, Production }

/// <summary>One parameter of every supported type, and targets that need or leak them.</summary>
internal sealed class ParameterBuild : BuildBase
{
    protected internal override string? EnvironmentPrefix => "LOGFORGE";

    [Parameter("Release version")] public string Version { get; set; } = "";
    [Parameter("Target environment")] public Stage Environment { get; set; } = Stage.Dev;
    [Parameter("Replica count")] public int Replicas { get; set; } = 1;
    [Parameter("Dry run")] public bool DryRun { get; set; }
    [Parameter("Hosts to check")] public string[] Hosts { get; set; } = [];
    [Parameter("How long to wait")] public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    [Parameter("Output folder")] public AbsolutePath? OutputDirectory { get; set; }
    [Parameter("GitHub token"), Secret] public string GithubToken { get; set; } = "";
    [Parameter("Unlock code"), Secret] public int UnlockCode { get; set; }

    public bool Released { get; private set; }
    public bool Prepared { get; private set; }

    Target Prepare => _ => _.Executes(() => Prepared = true);
    Target Release => _ => _.DependsOn(Prepare).Requires(() => Version).Executes(() => Released = true);
    Target Publish => _ => _.Requires(() => GithubToken, () => !DryRun, "except with --dry-run").Executes(() => Released = true);
    Target Show => _ => _.Executes(() => Serilog.Log.Information("version={Version} env={Env} replicas={Replicas} dry={Dry} hosts={Hosts} timeout={Timeout}",
        Version, Environment, Replicas, DryRun, string.Join("+", Hosts), Timeout));
    Target LeakInLog => _ => _.Executes(() => Serilog.Log.Information("calling the API with token {Token}", GithubToken));
    Target LeakInException => _ => _.Executes(() => throw new InvalidOperationException($"401 for token {GithubToken} on api.github.com"));
    Target LeakInChildOutput => _ => _.Executes(async ct =>
        await new LogForge.Delivery.Process.ProcessRunner().RunAsync(
            new LogForge.Delivery.Process.ProcessRequest("sh", ["-c", "printf 'child sees %s\\n' \"$TOKEN\"; printf 'again: %s\\n' \"$TOKEN\" >&2"])
            {
                Environment = new Dictionary<string, string?> { ["TOKEN"] = GithubToken },
                Echo = LogForge.Delivery.Process.OutputEcho.Information,
            }, ct));
}
