using LogForge.Delivery.Resilience;
using Octokit;
using Octokit.Internal;

namespace LogForge.Delivery.GitHub;

/// <summary>The one place an Octokit client is built: API URL (github.com, GitHub Enterprise or a test
/// server; Octokit adds /api/v3/ to any host other than github.com), token, and GitHub's retry policy
/// (<see cref="ServicePolicies.GitHub"/>) as the handler below Octokit's HttpClient, so Octokit sees only the
/// last answer of a retried request; above it the run's cancellation (<see cref="RunCancellationHandler"/>).</summary>
public static class GitHubClientFactory
{
    public const string DefaultApiUrl = "https://api.github.com/";

    /// <summary>How long one attempt may take on top of the retries' own budget.</summary>
    public static readonly TimeSpan AttemptAllowance = TimeSpan.FromSeconds(30);

    /// <param name="budget">how long transient answers are retried (the target's --wait-timeout) and on which clock; null: the default budget</param>
    /// <param name="transport">the handler that sends the requests (tests replay recordings); null: Octokit's default</param>
    /// <param name="run">the run's token: a request in flight (or waiting to be retried) is aborted when it is cancelled</param>
    public static IGitHubClient Create(string? apiUrl, string token, RetryBudget? budget = null, HttpMessageHandler? transport = null,
        CancellationToken run = default)
    {
        budget ??= RetryBudget.For(null);
        var retry = ServicePolicies.GitHub(budget);
        retry.InnerHandler = transport ?? HttpMessageHandlerFactory.CreateDefault();
        var cancellable = new RunCancellationHandler(run) { InnerHandler = retry };
        var http = new HttpClientAdapter(() => cancellable);
        // Octokit's timeout spans the whole send, retries included: the retries stop at the wait timeout, so allow that and one more attempt.
        http.SetRequestTimeout(budget.WaitTimeout + AttemptAllowance);
        var connection = new Connection(new ProductHeaderValue("LogForge-build"), BaseUri(apiUrl), new InMemoryCredentialStore(new Credentials(token)),
            http, new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>As GitHubClient does for its own connection (GitHubClient.FixUpBaseUri): github.com's API at api.github.com, any other host
    /// (GitHub Enterprise, a test server) under /api/v3/.</summary>
    private static Uri BaseUri(string? apiUrl)
    {
        var uri = new Uri(string.IsNullOrEmpty(apiUrl) ? DefaultApiUrl : apiUrl);
        return uri.Host is "github.com" or "api.github.com" ? GitHubClient.GitHubApiUrl : new Uri(uri, new Uri("/api/v3/", UriKind.Relative));
    }
}
