namespace LogForge.Delivery.GitHub;

/// <summary>The kinds of GitHub token a user brings, told apart by their prefix (GitHub's blog "Behind GitHub's new authentication
/// token formats", 2021) and, for tokens without one (GitHub Enterprise's older 40-hex tokens), by GitHub's answers: a classic PAT or
/// OAuth token gets <c>X-OAuth-Scopes</c> on every response; an installation token is refused as "Resource not accessible by integration",
/// a fine-grained PAT as "Resource not accessible by personal access token".</summary>
public enum GitHubTokenKind
{
    Unknown,
    /// <summary><c>ghs_</c>: a GitHub App installation token (server-to-server); Actions' GITHUB_TOKEN is one.</summary>
    Installation,
    /// <summary><c>github_pat_</c>: a fine-grained personal access token.</summary>
    FineGrained,
    /// <summary><c>ghp_</c>: a classic personal access token (scopes).</summary>
    Classic,
    /// <summary><c>gho_</c>: an OAuth app's token (scopes, like a classic PAT).</summary>
    OAuthApp,
    /// <summary><c>ghu_</c>: a GitHub App user-to-server token (the app's permissions and the user's).</summary>
    AppUser,
}

/// <summary>What the build knows about its token's kind, and how to say what a kind lacks.</summary>
public static class GitHubTokens
{
    public static GitHubTokenKind KindOf(string? token) => token switch
    {
        null or "" => GitHubTokenKind.Unknown,
        _ when token.StartsWith("ghs_", StringComparison.Ordinal) => GitHubTokenKind.Installation,
        _ when token.StartsWith("github_pat_", StringComparison.Ordinal) => GitHubTokenKind.FineGrained,
        _ when token.StartsWith("ghp_", StringComparison.Ordinal) => GitHubTokenKind.Classic,
        _ when token.StartsWith("gho_", StringComparison.Ordinal) => GitHubTokenKind.OAuthApp,
        _ when token.StartsWith("ghu_", StringComparison.Ordinal) => GitHubTokenKind.AppUser,
        _ => GitHubTokenKind.Unknown,
    };

    /// <summary>The kind GitHub's 403 message reveals when the prefix did not.</summary>
    public static GitHubTokenKind Refine(GitHubTokenKind kind, string? refusal) => kind != GitHubTokenKind.Unknown || refusal is null ? kind
        : refusal.Contains("accessible by integration", StringComparison.OrdinalIgnoreCase) ? GitHubTokenKind.Installation
        : refusal.Contains("accessible by personal access token", StringComparison.OrdinalIgnoreCase) ? GitHubTokenKind.FineGrained
        : kind;

    public static string Describe(GitHubTokenKind kind) => kind switch
    {
        GitHubTokenKind.Installation => "a GitHub App installation token (Actions' GITHUB_TOKEN is one)",
        GitHubTokenKind.FineGrained => "a fine-grained personal access token",
        GitHubTokenKind.Classic => "a classic personal access token",
        GitHubTokenKind.OAuthApp => "an OAuth app token",
        GitHubTokenKind.AppUser => "a GitHub App user token",
        _ => "a token of unknown kind",
    };

    /// <summary>"it is KIND: how to give it <paramref name="permission"/>" ("contents: write", "pull-requests: write"), one clause; null when
    /// the kind is unknown.</summary>
    public static string? Grant(GitHubTokenKind kind, string permission) => kind switch
    {
        GitHubTokenKind.Installation =>
            $"it is {Describe(kind)}: grant `permissions: {permission}` in the workflow job, "
            + $"or the installation's {Title(permission)} permission for a GitHub App",
        GitHubTokenKind.FineGrained or GitHubTokenKind.AppUser => $"it is {Describe(kind)}: grant it {Title(permission)} on the repository",
        GitHubTokenKind.Classic or GitHubTokenKind.OAuthApp =>
            $"it is {Describe(kind)}: it needs the repo scope (public_repo for a public repository) and its user write access to the repository",
        _ => null,
    };

    /// <summary>"pull-requests: write" as GitHub's settings page names it: "Pull requests: Read and write".</summary>
    private static string Title(string permission)
    {
        var (name, level) = (permission.Split(':')[0].Trim().Replace('-', ' '), permission.Split(':').ElementAtOrDefault(1)?.Trim());
        return char.ToUpperInvariant(name[0]) + name[1..] + (level == "write" ? ": Read and write" : level is null ? "" : ": Read-only");
    }
}
