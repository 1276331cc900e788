namespace LogForge.Delivery.GitHub;

/// <summary>
/// What GitHub shows of a token's rights on one repository: the repository (its <c>permissions</c>, when GitHub sends them, and the
/// classic token's <c>X-OAuth-Scopes</c>), the token's kind refined by those answers, and — for a token whose repository JSON carries
/// no <c>permissions</c> (an installation token's never does) — whether <c>GET /installation/repositories</c> lists the repository.
/// TokenPreflight logs it before a flow's first write; Doctor makes its GitHub row of it.
/// </summary>
public sealed record TokenRights(RepositoryInfo Repository, GitHubTokenKind Kind, bool? ListedForInstallation)
{
    /// <summary>Classic scopes were sent and include neither repo nor public_repo: pushing and opening pull requests need one.</summary>
    public bool ScopesLackRepo => Repository.OAuthScopes.Count > 0 && !Repository.OAuthScopes.Any(s => s is "repo" or "public_repo");

    /// <summary>Reads the repository (401 and 404 fail here, as they would at any later call), then the installation's repositories
    /// when the repository JSON shows no permissions.</summary>
    public static async Task<TokenRights> ReadAsync(GitHubPullRequests pulls, GitHubTokenKind kind)
    {
        var repository = await pulls.GetRepositoryAsync();
        if (kind == GitHubTokenKind.Unknown && repository.OAuthScopes.Count > 0) kind = GitHubTokenKind.Classic;
        if (repository.CanPush is not null) return new TokenRights(repository, kind, null);

        var (installation, listed) = await pulls.InstallationAccessAsync();
        return new TokenRights(repository, installation ? GitHubTokenKind.Installation : kind, listed);
    }
}
