using LogForge.Delivery.GitHub;

namespace LogForge.Testing.GitHub;

/// <summary>
/// A token the fake GitHub accepts, behaving as its kind does on GitHub:
/// an installation token (Actions' GITHUB_TOKEN, GitHub Apps) gets no <c>permissions</c> in the repository JSON, no
/// <c>X-OAuth-Scopes</c>, answers <c>GET /installation/repositories</c>, and a write it may not make is 403 "Resource not accessible
/// by integration"; a fine-grained PAT gets <c>permissions</c> (its user's role, not the token's rights) and 403 "Resource not
/// accessible by personal access token"; a classic PAT gets <c>X-OAuth-Scopes</c> on every response and the role in
/// <c>permissions</c>. A push without contents: write is 403 "Permission to o/r.git denied to ACTOR." on git's smart HTTP.
/// Build test tokens at run time or keep them short: they must not look like real ones to a secret scanner.
/// </summary>
public sealed record FakeToken(string Value, GitHubTokenKind Kind, string Actor)
{
    /// <summary>contents: write (classic: the repo scope and the user's write access).</summary>
    public bool ContentsWrite { get; init; } = true;
    /// <summary>pull-requests: write.</summary>
    public bool PullRequestsWrite { get; init; } = true;
    /// <summary>The user's role as <c>permissions.push</c> shows it (user tokens only).</summary>
    public bool RoleCanPush { get; init; } = true;
    /// <summary>Settings → Actions → "Allow GitHub Actions to create and approve pull requests" (GITHUB_TOKEN only).</summary>
    public bool ActionsMayCreatePullRequests { get; init; } = true;
    /// <summary>X-OAuth-Scopes of a classic PAT.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = Kind is GitHubTokenKind.Classic or GitHubTokenKind.OAuthApp ? ["repo", "workflow"] : [];

    public bool IsInstallation => Kind == GitHubTokenKind.Installation;
    public bool HasScopes => Kind is GitHubTokenKind.Classic or GitHubTokenKind.OAuthApp;

    /// <summary>Actions' GITHUB_TOKEN (a ghs_ installation token acting as github-actions[bot]).</summary>
    public static FakeToken GitHubActions(string suffix = "fake-actions-token") => new("ghs_" + suffix, GitHubTokenKind.Installation, "github-actions[bot]");

    public static FakeToken FineGrained(string suffix = "fake-fine-grained") => new("github_pat_" + suffix, GitHubTokenKind.FineGrained, "release-bot");

    public static FakeToken Classic(string suffix = "fake-classic") => new("ghp_" + suffix, GitHubTokenKind.Classic, "release-bot");

    /// <summary>What GitHub answers a write this token may not make: the 403 message of its kind.</summary>
    public string RefusalMessage => Kind switch
    {
        GitHubTokenKind.Installation => "Resource not accessible by integration",
        GitHubTokenKind.FineGrained => "Resource not accessible by personal access token",
        _ => "Must have admin rights to Repository.",
    };

    public override string ToString() => $"{Kind} token of {Actor}"; // never the value
}
