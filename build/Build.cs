using LogForge.Build.Engine;
using LogForge.Delivery;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Process;
using LogForge.Delivery.Testing;
using LogForge.Delivery.Tools;
using Serilog;

namespace LogForge.Build;

public enum Configuration { Debug, Release }

/// <summary>LogForge's delivery lifecycle as typed targets. One partial file per stage of the plan.</summary>
public sealed partial class Build : BuildBase
{
    internal const string DefaultTarget = nameof(Compile);

    public static int Main(string[] args) => Execute<Build>(args, DefaultTarget);

    protected internal override string? EnvironmentPrefix => "LOGFORGE";

    // ── Parameters several targets share (a partial declares only its own) ──────────────────────────────────────────

    [Parameter("Release version vMAJOR.MINOR.PATCH[-prerelease] (the git tag; the image tag and /version drop the v)")]
    public string Version { get; set; } = "";

    [Parameter("Show what would change and open (diff, pull request title and body); push and open nothing, no token needed")]
    public bool DryRun { get; set; }

    [Parameter("GitHub token: contents: write and pull-requests: write on the repository"), Secret]
    public string GithubToken { get; set; } = "";

    [Parameter("GitHub repository owner/name (default: parsed from the origin URL)")]
    public string Repository { get; set; } = "";

    [Parameter("GitHub REST API URL: GitHub Enterprise's https://HOST/api/v3, or a test server (default https://api.github.com)")]
    public string GithubApiUrl { get; set; } = "";

    [Parameter("Kubeconfig file of the cluster (default: the first file of KUBECONFIG, else ~/.kube/config)")]
    public string Kubeconfig { get; set; } = "";

    [Parameter("Context in the kubeconfig (default: its current-context); naming one makes ValidationGate's cluster checks required")]
    public string KubeContext { get; set; } = "";

    [Parameter("How long to wait for the cluster (pods, CRDs, Kafka, syncs) and to keep asking again after a transient answer or rate limit " +
        "from GitHub, Kubernetes or MinIO (default 10m; Smoke and the gate's endpoint checks: 60s)")]
    public TimeSpan? WaitTimeout { get; set; }

    [Parameter("Markdown file the reports are appended to (GitHub Actions sets GITHUB_STEP_SUMMARY)")]
    public string GithubStepSummary { get; set; } = "";

    string? StepSummaryPath => GithubStepSummary.Length > 0 ? GithubStepSummary : null;

    [Parameter("Run helm even when the chart, values and helm version are byte-for-byte those of the last successful render")]
    public bool FreshRender { get; set; }

    static readonly TimeSpan ClusterWaitDefault = TimeSpan.FromMinutes(10);

    EnvironmentPolicy? _policy;

    /// <summary>deploy/env/policy.yaml of this checkout, loaded once per run where a target first needs it.</summary>
    EnvironmentPolicy Policy => _policy ??= EnvironmentPolicyLoader.Load(RootDirectory);

    // ── Compile and Test ──────────────────────────────────────────────────────────────────────────────────────────────

    [Parameter("Build configuration for Compile and Test")]
    public Configuration Configuration { get; set; } = Configuration.Debug;

    [Parameter("Only run the tests matching this dotnet test --filter expression")]
    public string TestFilter { get; set; } = "";

    AbsolutePath Solution => RootDirectory / "LogForge.sln";
    AbsolutePath ArtifactsDirectory => AbsolutePath.Create(RepositoryLayout.Artifacts(RootDirectory));
    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    Target Clean => _ => _
        .Description("Delete bin/, obj/ and artifacts/ (keeps .tools/ and the build's own cache)")
        .Before(Compile)
        .Executes(() =>
        {
            var directories = new[] { "src", "tests" }
                .SelectMany(folder => Directory.Exists(RootDirectory / folder) ? Directory.GetDirectories(RootDirectory / folder) : [])
                .SelectMany(project => new[] { Path.Combine(project, "bin"), Path.Combine(project, "obj") })
                .Append(ArtifactsDirectory)
                .Where(Directory.Exists)
                .ToList();
            foreach (var directory in directories) Directory.Delete(directory, recursive: true);
            Log.Information("Deleted {Count} directories", directories.Count);
        });

    Target Compile => _ => _
        .Description("Build LogForge.sln")
        .Executes(async ct =>
        {
            await RunAsync("dotnet", ["build", Solution, "--configuration", Configuration.ToString(), "--nologo", "-clp:NoSummary;ErrorsOnly", "-v:quiet"], ct);
            Log.Information("Compiled {Solution} ({Configuration})", Solution.Name, Configuration);
        });

    Target Test => _ => _
        .Description("Run every test project (helm and the pinned s3rver resolved first); results in artifacts/test-results/")
        .DependsOn(Compile, Tools)
        .Executes(async ct =>
        {
            var s3rver = await new S3rverResolver(RootDirectory).ResolveAsync(ct);
            Log.Information("Tests use {S3rver}", s3rver.Description);
            if (Directory.Exists(TestResultsDirectory)) Directory.Delete(TestResultsDirectory, recursive: true);
            string[] filter = TestFilter.Length > 0 ? ["--filter", TestFilter] : [];
            try
            {
                await RunAsync("dotnet", [
                    "test", Solution, "--configuration", Configuration.ToString(), "--no-build", "--nologo",
                    "--results-directory", TestResultsDirectory, "--logger", "trx", "--logger", "console;verbosity=minimal", .. filter], ct);
            }
            finally
            {
                var summary = TestRunSummary.Read(TestResultsDirectory);
                Directory.CreateDirectory(TestResultsDirectory);
                await File.WriteAllTextAsync(TestResultsDirectory / "summary.txt", summary + "\n", CancellationToken.None);
                Log.Information("Tests: {Summary} ({Files} test projects; TRX in {Directory})", summary.ToString(), summary.Files,
                    TestResultsDirectory.RelativeTo(RootDirectory));
            }
        });

    /// <summary>A child process whose output people want to see (compiler, test run), in the repository root; fails on a non-zero exit.</summary>
    async Task RunAsync(string program, string[] arguments, CancellationToken ct) =>
        (await new ProcessRunner().RunAsync(new ProcessRequest(program, arguments) { WorkingDirectory = RootDirectory, Echo = OutputEcho.Information }, ct))
            .EnsureSucceeded();
}
