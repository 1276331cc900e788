using LogForge.Delivery.Changes;
using LogForge.Delivery.Git;
using LogForge.Delivery.Resilience;

namespace LogForge.Delivery.GitHub;

/// <summary>
/// GitHub for the delivery flows, built once from the build's parameters: the Octokit client (API URL, token, and the retry
/// budget of the target's --wait-timeout) and git credentials for remotes on GitHub's web host. Without a token nothing can
/// be pushed or opened (--dry-run needs none). <paramref name="run"/>: the run's token; cancelling it aborts the client's
/// requests in flight (Octokit's calls take none themselves).
/// </summary>
public sealed class GitHubAccess(string? apiUrl, string? token, RetryBudget? retries = null, CancellationToken run = default)
{
    private Octokit.IGitHubClient? _client;

    public string ApiUrl { get; } = string.IsNullOrEmpty(apiUrl) ? GitHubClientFactory.DefaultApiUrl
        : Uri.TryCreate(apiUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? apiUrl
        : throw new DeliveryStepException("GitHub", $"--github-api-url '{apiUrl}' is not an http(s) URL",
            "pass https://api.github.com or GitHub Enterprise's https://HOST/api/v3");

    public bool HasToken => !string.IsNullOrEmpty(token);

    /// <summary>The token's kind by its prefix; GitHub's answers may refine it (see <see cref="GitHubTokens.Refine"/>).</summary>
    public GitHubTokenKind TokenKind { get; } = GitHubTokens.KindOf(token);

    /// <summary>Forms of the token other than itself (the encoded git header): add them to the log's secret mask.</summary>
    public IReadOnlyList<string> DerivedSecrets => HasToken ? new GitCredentials("https://github.com/", token!).DerivedSecrets : [];

    /// <summary>Pull requests of <paramref name="repository"/>; throws when there is no token.</summary>
    public GitHubPullRequests PullRequests(GitHubRepository repository) =>
        new(_client ??= GitHubClientFactory.Create(ApiUrl, HasToken ? token! : throw new InvalidOperationException("no GitHub token"), retries, run: run),
            repository);

    /// <summary>git in <paramref name="directory"/>; commands that talk to <paramref name="remoteUrl"/> carry the token when it is an http(s) URL.</summary>
    public GitCli Git(string directory, string? remoteUrl) => new(directory, GitCredentials.ForRemote(remoteUrl, token));
}
