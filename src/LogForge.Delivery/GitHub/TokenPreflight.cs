using Serilog;

namespace LogForge.Delivery.GitHub;

/// <summary>
/// What the token's rights look like before the first write — a warning at most, never a refusal: an installation token
/// (Actions' GITHUB_TOKEN, GitHub Apps) gets no <c>permissions</c> in <c>GET /repos/{owner}/{repo}</c>, so nothing can be read
/// there (semantic-release/github#182 refused every such token until it asked <c>/installation/repositories</c> instead;
/// lindell/multi-gitter#224). A token that truly lacks a right fails at its first write, with one line naming what it lacks.
/// </summary>
public static class TokenPreflight
{
    /// <summary>Reads the repository (401 and 404 fail here, as they would at any later call) and logs what the token's rights
    /// look like; returns the token's kind, refined by what GitHub's answers showed.</summary>
    public static async Task<(RepositoryInfo Repository, GitHubTokenKind Kind)> CheckAsync(GitHubPullRequests pulls, GitHubTokenKind kind, ILogger log)
    {
        var rights = await TokenRights.ReadAsync(pulls, kind);
        var repository = rights.Repository;
        if (repository.CanPush is null)
        {
            if (rights.ListedForInstallation == false)
                log.Warning("{Repository} is not among the repositories this installation token can write to: the push will likely be refused",
                    repository.FullName);
            else
                log.Information("{Repository}: GitHub shows no permissions for {Kind}; its rights show at the first write (the push, then the pull request)",
                    repository.FullName, GitHubTokens.Describe(rights.Kind));
        }
        else if (repository.CanPush == false)
            log.Warning("GitHub says the token's user cannot push to {Repository} (permissions.push is false): the push will likely be refused",
                repository.FullName);

        if (rights.ScopesLackRepo)
            log.Warning("The token's scopes ({Scopes}) include neither repo nor public_repo: pushing and opening pull requests need one of them",
                string.Join(", ", repository.OAuthScopes));
        return (repository, rights.Kind);
    }
}
