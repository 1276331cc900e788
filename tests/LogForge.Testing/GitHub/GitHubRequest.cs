namespace LogForge.Testing.GitHub;

/// <summary>One request the fake answered: what came in and the status that went out. The Authorization
/// header is reduced to its scheme (never the token).</summary>
public sealed record GitHubRequest(string Method, string Path, string Query, string Body, int Status, string? AuthorizationScheme)
{
    public override string ToString() => $"{Method} {Path}{Query} → {Status}";
}
