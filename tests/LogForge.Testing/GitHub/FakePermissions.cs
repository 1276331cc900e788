using System.Text.Json.Nodes;
using LogForge.Delivery.GitHub;

namespace LogForge.Testing.GitHub;

/// <summary>
/// What a token may write, answered as GitHub answers: a write the token's kind may not make is 403 with that kind's message
/// ("Resource not accessible by integration" for installation tokens, "… by personal access token" for fine-grained PATs; GitHub
/// REST docs, "Troubleshooting the REST API"), a classic PAT without the scope or role gets 404 (GitHub hides what a token may not
/// see), and Actions' GITHUB_TOKEN with the repository setting off is 403 "GitHub Actions is not permitted to create or approve
/// pull requests." (GitHub docs, "Managing GitHub Actions settings for a repository").
/// </summary>
internal static class FakePermissions
{
    public enum Write { PullRequests, CreatePullRequest, Contents }

    /// <summary>The refusal of <paramref name="write"/> for <paramref name="token"/>, or null when it may (or the fake checks no tokens).</summary>
    public static GitHubResponse? Refusal(FakeToken? token, Write write, string documentation)
    {
        if (token is null) return null;
        if (write == Write.CreatePullRequest && token.IsInstallation && token.PullRequestsWrite && !token.ActionsMayCreatePullRequests)
            return GitHubErrors.Error(403, "GitHub Actions is not permitted to create or approve pull requests.", documentation);
        var allowed = write == Write.Contents ? token.ContentsWrite : token.PullRequestsWrite;
        if (allowed) return null;
        return token.HasScopes ? GitHubErrors.NotFound(documentation) : GitHubErrors.Error(403, token.RefusalMessage, documentation);
    }

    /// <summary>GET /installation/repositories: the installation's repositories for an installation token, else GitHub's 403.</summary>
    public static GitHubResponse InstallationRepositories(FakeGitHub github, FakeToken? token, IEnumerable<JsonObject> repositories)
    {
        const string docs = "https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation";
        if (token is not { Kind: GitHubTokenKind.Installation })
            return GitHubErrors.Error(403, "You must authenticate with an installation access token in order to list repositories for an installation.", docs);
        var list = new JsonArray(repositories.Cast<JsonNode>().ToArray());
        return new GitHubResponse(200, new JsonObject { ["total_count"] = list.Count, ["repository_selection"] = "selected", ["repositories"] = list });
    }
}
