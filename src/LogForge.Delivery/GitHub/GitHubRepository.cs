using System.Text.RegularExpressions;

namespace LogForge.Delivery.GitHub;

/// <summary>owner/name of a GitHub repository: from --repository, or parsed from the origin URL.</summary>
public sealed partial record GitHubRepository(string Owner, string Name)
{
    public string FullName => $"{Owner}/{Name}";

    public override string ToString() => FullName;

    /// <summary>"owner/name"; null when the text is not of that form.</summary>
    public static GitHubRepository? TryParse(string? text) =>
        text is not null && FullNameForm().Match(text.Trim()) is { Success: true } m ? new(m.Groups[1].Value, m.Groups[2].Value) : null;

    /// <summary>owner/name of an https, ssh or scp-style remote URL (<c>https://github.com/o/r.git</c>,
    /// <c>git@github.com:o/r.git</c>, <c>ssh://git@host/o/r</c>); null for file and local remotes.</summary>
    public static GitHubRepository? FromRemoteUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        string path;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
            path = uri.AbsolutePath;
        else if (ScpForm().Match(url) is { Success: true } scp)
            path = scp.Groups[1].Value;
        else
            return null;
        var parts = path.Trim('/').Split('/');
        if (parts.Length < 2) return null;
        var name = parts[^1].EndsWith(".git", StringComparison.Ordinal) ? parts[^1][..^4] : parts[^1];
        return TryParse($"{parts[^2]}/{name}");
    }

    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})$")]
    private static partial Regex FullNameForm();

    [GeneratedRegex(@"^[^@/\s]+@[^:/\s]+:(.+)$")]
    private static partial Regex ScpForm();
}
