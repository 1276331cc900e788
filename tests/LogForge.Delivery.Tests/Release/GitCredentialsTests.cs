using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Process;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.GitHub;

namespace LogForge.Delivery.Tests.Release;

/// <summary>The token reaches git only through the environment, as an http.extraheader scoped to one server.</summary>
public sealed class GitCredentialsTests : IDisposable
{
    private const string Token = "test-token-KnownTokenForGitCredentials0123456789";
    private readonly string _directory = Directory.CreateTempSubdirectory("logforge-gitcred-").FullName;

    [Fact]
    public async Task Git_sends_the_token_as_a_basic_header_to_the_remote_server_and_nowhere_else()
    {
        await using var github = await FakeGitHub.StartAsync(Token);
        var log = new LogCapture();
        var git = new GitCli(_directory, GitCredentials.ForRemote(github.ApiUrl + "logforge-dev/logforge.git", Token), new ProcessRunner(log.Logger));
        var url = github.ApiUrl + "logforge-dev/logforge.git";

        var result = await git.RunAsync(["ls-remote", url], default, remote: true);

        Assert.False(result.Succeeded); // the fake speaks the REST API, not git's protocol: it answers 404
        var request = Assert.Single(github.Requests, r => r.Path.StartsWith("/logforge-dev/logforge.git/info/refs", StringComparison.Ordinal));
        Assert.Equal(("basic", true), (request.AuthorizationScheme?.ToLowerInvariant(), request.CarriedToken));
        AssertNoToken(log.Text + result.StandardOutput + result.StandardError);
        AssertNoToken(string.Join(" ", result.Request.Arguments));
    }

    [Fact]
    public async Task Another_server_gets_no_header_and_local_commands_get_no_credentials()
    {
        await using var github = await FakeGitHub.StartAsync(Token);
        var elsewhere = new GitCli(_directory, GitCredentials.ForRemote("https://github.example/o/r.git", Token));

        await elsewhere.RunAsync(["ls-remote", github.ApiUrl + "o/r.git"], default, remote: true);

        Assert.All(github.Requests, r => Assert.Null(r.AuthorizationScheme));
        var local = await elsewhere.RunAsync(["config", "--get-regexp", "^http\\."], default);
        Assert.Equal("", local.StandardOutput);
        var remote = await elsewhere.RunAsync(["config", "--get-regexp", "^http\\."], default, remote: true);
        Assert.StartsWith("http.https://github.example/.extraheader AUTHORIZATION: basic ", remote.StandardOutput);
    }

    [Fact]
    public async Task The_token_is_written_to_no_config_file()
    {
        await using var github = await FakeGitHub.StartAsync(Token);
        await new GitCli(_directory).OutputAsync(["init", "--quiet"], default);
        var git = new GitCli(_directory, GitCredentials.ForRemote(github.ApiUrl, Token));

        await git.RunAsync(["fetch", github.ApiUrl + "o/r.git"], default, remote: true);

        Assert.Contains(github.Requests, r => r.CarriedToken);
        foreach (var file in Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories))
            AssertNoToken(File.ReadAllText(file));
    }

    [Theory]
    [InlineData("https://github.com/logforge-dev/logforge.git", "logforge-dev/logforge")]
    [InlineData("https://github.com/logforge-dev/logforge", "logforge-dev/logforge")]
    [InlineData("https://x-access-token@github.example.com/acme/tools.git/", "acme/tools")]
    [InlineData("git@github.com:logforge-dev/logforge.git", "logforge-dev/logforge")]
    [InlineData("ssh://git@github.com:22/acme/a.b-c.git", "acme/a.b-c")]
    [InlineData("file:///tmp/origin.git", null)]
    [InlineData("/tmp/origin.git", null)]
    [InlineData("", null)]
    public void The_repository_is_parsed_from_the_remote_url(string url, string? expected) =>
        Assert.Equal(expected, GitHubRepository.FromRemoteUrl(url)?.FullName);

    private static void AssertNoToken(string text)
    {
        Assert.DoesNotContain(Token, text);
        foreach (var form in new GitCredentials("https://github.com/", Token).DerivedSecrets)
            Assert.DoesNotContain(form, text);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
