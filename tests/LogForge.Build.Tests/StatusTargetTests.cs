using System.Text.Json;
using LogForge.Build.Engine;
using LogForge.Delivery.Git;
using LogForge.Delivery.Tools;
using LogForge.Testing;

namespace LogForge.Build.Tests;

/// <summary>./build.sh Status on a clone without a cluster or a token: git's half, why the rest is missing, the files; bad input is one line.</summary>
public sealed class StatusTargetTests : IDisposable
{
    private readonly OriginRepository _origin = OriginRepository.CreateAsync().GetAwaiter().GetResult();
    private readonly string _nowhere = Path.Combine(Path.GetTempPath(), $"logforge-no-kubeconfig-{Guid.NewGuid():N}", "config");

    [Fact]
    public async Task Without_a_cluster_or_a_token_it_prints_git_s_half_says_why_of_the_rest_and_writes_the_json_and_the_page()
    {
        var checkout = await _origin.CloneAsync("checkout");

        var (code, output) = Run(checkout, "Status", "--kubeconfig", _nowhere);

        Assert.Equal(0, code);
        Assert.Contains("Status of dev → staging → production on origin/main (origin's default branch as last fetched", output);
        Assert.Matches(@"\n[^\n]*production +manual +0\.1\.0 ", output);
        Assert.Contains($"cluster: no cluster configured (no kubeconfig at {_nowhere}; pass --kube-context to use one) — git's half only", output);
        Assert.Contains("open pull requests: no GitHub token: pass --github-token (or set GITHUB_TOKEN) to list the open pull requests", output);
        Assert.Contains("Wrote artifacts/status.json, artifacts/status.html", output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(checkout, "artifacts", "status.json")));
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(["dev", "staging", "production"], json.RootElement.GetProperty("environments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("environments")[0].GetProperty("argo").ValueKind);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(Path.Combine(checkout, "artifacts", "status.html")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_the_pinned_helm_in_tools_it_renders_git_s_staging_and_production_and_says_parity_holds()
    {
        var checkout = await _origin.CloneAsync("checkout");
        await new HelmResolver(RepositoryRoot.Path).ResolveAsync(); // into the repository's .tools/ unless the pinned helm is on PATH
        var installed = Path.Combine(ToolPaths.ToolsDirectory(RepositoryRoot.Path), "helm");
        Directory.CreateDirectory(installed);
        Directory.CreateDirectory(Path.Combine(checkout, ".tools"));
        Directory.CreateSymbolicLink(Path.Combine(checkout, ".tools", "helm"), installed);

        var (code, output) = Run(checkout, "Status", "--kubeconfig", _nowhere);

        Assert.Equal(0, code);
        Assert.Contains("staging ↔ production rendered from git: parity holds (", output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(checkout, "artifacts", "status.json")));
        Assert.True(json.RootElement.GetProperty("parity").GetProperty("holds").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("parityProblem").ValueKind);
        var changes = await new GitCli(checkout).RunAsync(["status", "--porcelain"], CancellationToken.None);
        Assert.Equal("", changes.EnsureSucceeded().StandardOutput.Trim()); // the render ran in a scratch tree, the checkout is as it was
    }

    [Fact]
    public async Task With_json_logging_each_environment_is_one_event_with_its_fields()
    {
        var checkout = await _origin.CloneAsync("checkout");

        var (code, output) = Run(checkout, "Status", "--kubeconfig", _nowhere, "--log-format", "json");

        Assert.Equal(0, code);
        Assert.Contains("\"Environment\":\"production\"", output);
        Assert.Contains("\"DesiredTag\":\"0.1.0\"", output);
        Assert.Contains("\"Sync\":\"manual\"", output);
    }

    [Fact]
    public async Task A_repository_that_is_not_owner_name_is_one_line_and_a_non_zero_exit()
    {
        var checkout = await _origin.CloneAsync("checkout");

        var (code, output) = Run(checkout, "Status", "--repository", "not-a-repository");

        Assert.NotEqual(0, code);
        Assert.Single(output.Split('\n'), l => l.Contains("✗ Status: --repository not-a-repository is not owner/name — pass owner/name", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(checkout, "artifacts", "status.json")));
    }

    private static (int Code, string Output) Run(string directory, params string[] args)
    {
        var output = new StringWriter();
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget,
            new RunContext(args, new Dictionary<string, string>(), directory, output, output, CancellationToken.None));
        return (result.ExitCode, output.ToString());
    }

    public void Dispose() => _origin.Dispose();
}
