using LogForge.Build.Engine;
using LogForge.Testing;

namespace LogForge.Build.Tests;

/// <summary>./build.sh Doctor: exit 0 when every required row passes (rows that do not apply say for what they would be needed), 1 with
/// one line naming the failed rows otherwise.</summary>
public sealed class DoctorTargetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("logforge-doctor-").FullName;

    [Fact]
    public void Without_a_cluster_or_a_token_the_required_rows_pass_and_the_rest_say_what_needs_them()
    {
        var (code, output) = Run("Doctor", "--kubeconfig", Path.Combine(_directory, "none"));

        Assert.True(code == 0, output);
        Assert.Matches(@"\bok +dotnet +SDK \d+\.\d+\.\d+", output);
        Assert.Matches(@"\bok +helm +v\d+\.\d+\.\d+ at ", output);
        Assert.Matches(@"\bn/a +kubeconfig and context +no kubeconfig at .+: not needed for Smoke --env local", output);
        Assert.Matches(@"\bn/a +GitHub token +no token", output);
        Assert.Contains("every required check passed", output);
    }

    [Fact]
    public void A_context_the_kubeconfig_lacks_fails_the_row_and_the_run_with_one_line()
    {
        var kubeconfig = Path.Combine(_directory, "config");
        File.WriteAllText(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: lab, cluster: {server: "http://127.0.0.1:1"}}]
            users: [{name: lab, user: {}}]
            contexts: [{name: lab, context: {cluster: lab, user: lab}}]
            current-context: lab
            """);

        var (code, output) = Run("Doctor", "--kubeconfig", kubeconfig, "--kube-context", "nosuch");

        Assert.Equal(1, code);
        Assert.Contains("FAIL  kubeconfig and context  context 'nosuch' is not in", output);
        Assert.Single(output.Split('\n'), l => l.Contains("✗ Doctor: kubeconfig and context failed — see the table above", StringComparison.Ordinal));
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget,
            new RunContext(args, new Dictionary<string, string>(), RepositoryRoot.Path, output, output, CancellationToken.None));
        return (result.ExitCode, output.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
