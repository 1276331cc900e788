using LogForge.Build.Engine;
using LogForge.Delivery.Tools;
using LogForge.Testing;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Lab;
using LogForge.Testing.Storage;

namespace LogForge.Build.Tests;

/// <summary>
/// Bootstrap → ApplyArgo → Secrets → MinioPreflight as a user runs them (the real build class, in
/// process), against the fake API server, a lab checkout with local upstream files, and s3rver as MinIO.
/// </summary>
public sealed class ClusterTargetsTests : IAsyncLifetime
{
    // Known secret values: no byte sequence of any of them may reach the console, artifacts or errors.
    private const string GhcrToken = "ghcr-tok\"en-Xw7\\secret";
    private const string ApiKey = "api-key-Xw8-secret";
    private static readonly string[] SecretValues = [GhcrToken, ApiKey, "Xw7", "Xw8", S3rverServer.SecretKey];

    private FakeKubernetesServer _server = null!;
    private LabRepository _lab = null!;
    private S3rverServer _s3 = null!;
    private string _kubeconfig = "";
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var helm = await new HelmResolver(RepositoryRoot.Path).ResolveAsync();
        _server = await FakeKubernetesServer.StartAsync(o => o.ControllerMinDelay = o.ControllerMaxDelay = TimeSpan.FromMilliseconds(50));
        _lab = await LabRepository.CreateAsync(helm);
        _s3 = await S3rverServer.StartAsync();
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_lab.Root, "kubeconfig"), "lab");
        S3rverAsLabMinio.SeedRootSecret(_server);
        S3rverAsLabMinio.ForwardTo(_server, _s3);
        _environment["GHCR_TOKEN"] = GhcrToken;
        _environment["KUBECONFIG"] = _kubeconfig;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _s3.DisposeAsync();
        await _lab.DisposeAsync();
    }

    private (BuildResult Result, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget, new RunContext(args, _environment, _lab.Root, output, error, CancellationToken.None));
        return (result, output + error.ToString());
    }

    [Fact]
    public void The_plan_mirrors_the_manual_plan()
    {
        var (result, output) = Run("Bootstrap", "ApplyArgo", "Secrets", "MinioPreflight", "--plan");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"1\. Tools[\s\S]*2\. Bootstrap[\s\S]*3\. ApplyArgo[\s\S]*4\. Secrets[\s\S]*5\. MinioPreflight", output);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void The_whole_chain_twice_the_second_run_writes_nothing_and_no_secret_is_ever_shown(string format)
    {
        string[] args = ["MinioPreflight", "--ghcr-username", "lab-user", "--api-keys", ApiKey, "--log-format", format, "--verbose"];

        var (first, firstOutput) = Run(args);
        var firstText = Unquoted(firstOutput);
        Assert.True(first.ExitCode == 0, firstOutput);
        Assert.Equal(["Tools", "Bootstrap", "ApplyArgo", "Secrets", "MinioPreflight"], first.Targets.Select(t => t.Name));
        Assert.Contains("bucket logforge-production created", firstText);
        Assert.Contains("production/ghcr-pull: created", firstText);

        _server.Requests.Reset();
        var (second, secondOutput) = Run(args);

        Assert.True(second.ExitCode == 0, secondOutput);
        Assert.Equal(0, _server.Requests.Mutations);
        Assert.DoesNotContain(_server.Requests.All, r => r.IsWrite && r.Path.Contains("/secrets", StringComparison.Ordinal));
        Assert.Contains("bucket logforge-production exists (kept)", Unquoted(secondOutput));
        Assert.Contains("production/logforge-production-runtime: unchanged", Unquoted(secondOutput));

        AssertNoSecretIn(firstOutput + secondOutput);
        var artifacts = Path.Combine(_lab.Root, "artifacts");
        foreach (var file in Directory.Exists(artifacts) ? Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories) : [])
            AssertNoSecretIn(File.ReadAllText(file));
        Assert.Equal(ApiKey, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(_server.Get("Secret", "dev",
            "logforge-dev-runtime")!["data"]!["api-keys"]!.GetValue<string>())));
    }

    [Fact]
    public void A_refused_write_fails_the_target_with_one_line_and_shows_no_secret()
    {
        _server.Access.Forbid("patch", "secrets", ns: "production");

        var (result, output) = Run("Secrets", "--skip", "--ghcr-username", "lab-user", "--api-keys", ApiKey, "--log-format", "json", "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(TargetStatus.Failed, result.Targets.Single(t => t.Name == "Secrets").Status);
        Assert.StartsWith("cannot write Secret production/logforge-production-runtime: secrets \"logforge-production-runtime\" is forbidden",
            result.Targets.Single(t => t.Name == "Secrets").Note);
        AssertNoSecretIn(output);
    }

    [Fact]
    public void A_server_message_echoing_a_secret_is_masked_and_a_422_is_not_asked_again()
    {
        _server.Faults.Add(new FaultMatch("patch", "secrets", "dev", "ghcr-pull"), new Fault.Refusal(422, "Invalid",
            $"admission webhook \"secrets.policy.example\" denied the request: value \"{GhcrToken}\" looks like a token"));

        var (result, output) = Run("Secrets", "--skip", "--ghcr-username", "lab-user", "--api-keys", ApiKey, "--log-format", "text");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ Secrets: cannot write Secret dev/ghcr-pull: admission webhook \"secrets.policy.example\" denied the request: " +
            "value \"****\" looks like a token (422 Invalid)", output);
        AssertNoSecretIn(output);
        Assert.Single(_server.Requests.All, r => r.IsWrite && r.Path.EndsWith("/dev/secrets/ghcr-pull", StringComparison.Ordinal));
        Assert.DoesNotContain("asking again", output);
    }

    [Theory]
    [InlineData("ghcr-pull", "text")]
    [InlineData("ghcr-pull", "json")]
    [InlineData("logforge-dev-runtime", "text")]
    public void A_webhook_echoing_the_secret_it_was_sent_is_masked_in_base64_and_base64_inside_base64(string secret, string format)
    {
        _server.Faults.Add(new FaultMatch("patch", "secrets", "dev", secret), new Fault.EchoingWebhook("secrets.policy.example"));

        var (result, output) = Run("Secrets", "--skip", "--ghcr-username", "lab-user", "--api-keys", ApiKey, "--log-format", format);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot write Secret dev/{secret}: admission webhook \"secrets.policy.example\" denied the request: object not allowed: {{",
            Unescaped(result.Targets.Single(t => t.Name == "Secrets").Note));
        Assert.Contains("(400 BadRequest)", output);
        foreach (var value in new[] { GhcrToken, ApiKey, S3rverServer.SecretKey })
            Assert.False(LogForge.Testing.Secrets.SecretScan.Reveals(output, value), $"'{value}' can be read from:\n{output}");
        Assert.Single(_server.Requests.All, r => r.IsWrite && r.Path.EndsWith($"/dev/secrets/{secret}", StringComparison.Ordinal));
    }

    private static string Unescaped(string? note) => note ?? "";

    [Fact]
    public void Secrets_without_a_token_fails_before_anything_runs_naming_the_three_ways_to_set_it()
    {
        _environment.Remove("GHCR_TOKEN");

        var (result, output) = Run("Secrets", "--skip", "--ghcr-username", "lab-user");

        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Contains("✗ Target Secrets requires --ghcr-token, which is not set — set it with --ghcr-token <value>, environment GHCR_TOKEN or " +
            "LOGFORGE_GHCR_TOKEN, or \"GhcrToken\" in .nuke/parameters.json.", output);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void A_wrong_context_is_one_line_and_exit_1()
    {
        var (result, output) = Run("ApplyArgo", "--skip", "--kube-context", "kind-logforge");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ ApplyArgo: context 'kind-logforge' is not in {_kubeconfig} (contexts: lab) — pass one of them with --kube-context", output);
        Assert.DoesNotContain("   at ", output);
    }

    /// <summary>The text without the quoting JSON lines add, so one expectation fits both log formats.</summary>
    private static string Unquoted(string text) => text.Replace("\\\"", "").Replace("\"", "");

    private static void AssertNoSecretIn(string text)
    {
        foreach (var value in SecretValues)
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"'{value}' appears in:\n{text}");
    }
}
