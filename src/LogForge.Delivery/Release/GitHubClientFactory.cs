using Octokit;

namespace LogForge.Delivery.Release;

/// <summary>The one place an Octokit client is built: API URL (github.com, GitHub Enterprise or a test
/// server; Octokit adds /api/v3/ to any host other than github.com) and token.</summary>
public static class GitHubClientFactory
{
    public const string DefaultApiUrl = "https://api.github.com/";

    public static IGitHubClient Create(string? apiUrl, string token)
    {
        var client = new GitHubClient(new ProductHeaderValue("LogForge-build"), new Uri(string.IsNullOrEmpty(apiUrl) ? DefaultApiUrl : apiUrl))
        {
            Credentials = new Credentials(token),
        };
        client.SetRequestTimeout(TimeSpan.FromSeconds(30));
        return client;
    }
}
