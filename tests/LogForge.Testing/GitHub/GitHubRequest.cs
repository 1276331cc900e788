namespace LogForge.Testing.GitHub;

/// <summary>One request the fake answered: what came in and the status that went out. The Authorization
/// header is reduced to its scheme and whether it carried the expected token (never the token itself).</summary>
public sealed record GitHubRequest(string Method, string Path, string Query, string Body, int Status, string? AuthorizationScheme, bool CarriedToken)
{
    /// <summary>A REST API request (under /api/v3), not git's smart HTTP.</summary>
    public bool Api { get; init; } = true;
    /// <summary>The JSON the fake answered with, or null (no body, or git's protocol).</summary>
    public string? ResponseBody { get; init; }

    public override string ToString() => $"{Method} {Path}{Query} → {Status}";
}
