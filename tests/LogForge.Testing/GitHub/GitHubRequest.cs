namespace LogForge.Testing.GitHub;

/// <summary>One request the fake answered: what came in and the status that went out. The Authorization
/// header is reduced to its scheme and whether it carried the expected token (never the token itself).</summary>
public sealed record GitHubRequest(string Method, string Path, string Query, string Body, int Status, string? AuthorizationScheme, bool CarriedToken)
{
    public override string ToString() => $"{Method} {Path}{Query} → {Status}";
}
