using LogForge.Build.Engine;
using LogForge.Testing;
using LogForge.Testing.GitHub;

namespace LogForge.Build.Tests;

/// <summary>The Release target through the engine, in process, as ./build.sh runs it: a clone of a bare origin,
/// the fake GitHub through --github-api-url, the token from GITHUB_TOKEN.</summary>
public sealed class ReleaseTargetTests : IAsyncLifetime
{
    private const string Token = "test-token-EngineLevelKnownToken9876543210zyxw";
    private OriginRepository _origin = null!;
    private FakeGitHub _github = null!;
    private string _checkout = null!;

    public async Task InitializeAsync()
    {
        _origin = await OriginRepository.CreateAsync();
        await _origin.TagAsync("v0.2.0");
        _github = await FakeGitHub.StartAsync(Token);
        _github.AddRepository("logforge-dev", "logforge", _origin.BarePath);
        _checkout = await _origin.CloneAsync("checkout");
        // The pinned helm of this checkout's tools cache (Tools resolved it before the tests), not one more npm
        // install; the clone keeps its own .tools (its verified-versions file goes away with it).
        var helm = Path.Combine(LogForge.Delivery.RepositoryLayout.ToolsCache(RepositoryRoot.Path), "helm");
        Directory.CreateDirectory(helm);
        Directory.CreateDirectory(Path.Combine(_checkout, ".tools"));
        Directory.CreateSymbolicLink(Path.Combine(_checkout, ".tools", "helm"), helm);
    }

    [Fact]
    public async Task Release_opens_the_pull_request_and_the_token_appears_in_no_console_line()
    {
        var (result, output) = Run("Release", "--version", "v0.2.0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Release │ opened pull request #1 ", output);
        Assert.Contains("Release │ deploy/env/dev/values.yaml: image 0.1.0 → 0.2.0", output);
        Assert.DoesNotContain(Token, output);
        Assert.DoesNotContain(SecretMasker.Mask, output); // nothing even tried to print it
        Assert.Single(_github.Repository("logforge-dev", "logforge").PullRequests);
        Assert.All(_github.Requests, r => Assert.True(r.CarriedToken));
        Assert.Equal("", await new LogForge.Delivery.Git.GitCli(_checkout).OutputAsync(["status", "--porcelain"], default));
    }

    [Fact]
    public void A_403_is_one_line_naming_the_step_and_the_fix_with_exit_code_1()
    {
        _github.Fail("POST", "/repos/logforge-dev/logforge/pulls", 403, "Resource not accessible by integration");

        var (result, output) = Run("Release", "--version", "v0.2.0");

        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(output.Split('\n'), l => l.Contains("✗ Release:"));
        Assert.Contains("✗ Release: pull request: GitHub refused creating the pull request (403 Resource not accessible by integration); release/v0.2.0 is pushed", failure);
        Assert.EndsWith("then re-run", failure.TrimEnd());
    }

    /// <summary>An error body from GitHub is printed as part of the one line, masked like everything else: the token and its git header form.</summary>
    [Fact]
    public void A_github_error_that_echoes_the_token_is_masked_before_it_is_printed()
    {
        var header = new LogForge.Delivery.GitHub.GitHubAccess(null, Token).DerivedSecrets[^1];
        _github.Fail("POST", "/repos/logforge-dev/logforge/pulls", 422, $"Validation Failed for {Token} ({header})");

        var (result, output) = Run("Release", "--version", "v0.2.0");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(Token, output);
        Assert.DoesNotContain(header, output);
        Assert.Contains("✗ Release: pull request: GitHub refused creating the pull request (422 Validation Failed for **** (****))", output);
    }

    [Theory]
    [InlineData(new[] { "--version", "v1.2" }, 1, "✗ Release: version: 'v1.2' is not a release version; expected vMAJOR.MINOR.PATCH[-prerelease]")]
    [InlineData(new[] { "--version", "v0.3.0" }, 1, "✗ Release: tag: git tag v0.3.0 exists neither in the checkout nor on origin")]
    [InlineData(new[] { "--version", "v0.2.0", "--repository", "not a repo" }, 1, "✗ Release: repository: 'not a repo' is not owner/name — pass --repository owner/name")]
    [InlineData(new[] { "--version", "v0.2.0", "--image-digest", "latest" }, 1, "✗ Release: image: --image-digest 'latest' is not a digest")]
    public void Bad_input_is_one_line_and_changes_nothing(string[] arguments, int exitCode, string expected)
    {
        var (result, output) = Run(["Release", .. arguments]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(expected, output);
        Assert.Empty(_github.Repository("logforge-dev", "logforge").PullRequests);
    }

    [Fact]
    public void Without_a_token_release_is_a_usage_error_but_dry_run_works()
    {
        var (missing, _) = Run(withToken: false, "Release", "--version", "v0.2.0");
        var error = _lastError;
        var (dry, output) = Run(withToken: false, "Release", "--version", "v0.2.0", "--dry-run");

        Assert.Equal(BuildRunner.UsageError, missing.ExitCode);
        Assert.StartsWith("✗ Target Release requires --github-token (except with --dry-run), which is not set", error);
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("Release │ Pull request title: Release v0.2.0 to dev and staging", output);
        Assert.Contains("Release │ -  tag: \"0.1.0\"", output);
        Assert.Empty(_github.Requests);
    }

    private string _lastError = "";

    private (BuildResult Result, string Output) Run(params string[] args) => Run(withToken: true, args);

    private (BuildResult Result, string Output) Run(bool withToken, params string[] args)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (withToken) environment["GITHUB_TOKEN"] = Token;
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = [.. args, "--github-api-url", _github.ApiUrl, "--log-format", "text"];
        if (!args.Contains("--repository")) all = [.. all, "--repository", "logforge-dev/logforge"];
        var result = BuildRunner.Run(new Build(), Build.DefaultTarget, new RunContext(all, environment, _checkout, output, error, CancellationToken.None));
        _lastError = error.ToString();
        return (result, output.ToString());
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _origin.Dispose();
    }
}
