using LogForge.Build.Engine;
using LogForge.Delivery;
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
                Log.Information("Tests: {Summary} ({Files} test projects; TRX in {Directory})", summary.ToString(), summary.Files, TestResultsDirectory.RelativeTo(RootDirectory));
            }
        });

    /// <summary>A child process whose output people want to see (compiler, test run), in the repository root; fails on a non-zero exit.</summary>
    async Task RunAsync(string program, string[] arguments, CancellationToken ct) =>
        (await new ProcessRunner().RunAsync(new ProcessRequest(program, arguments) { WorkingDirectory = RootDirectory, Echo = OutputEcho.Information }, ct))
            .EnsureSucceeded();
}
