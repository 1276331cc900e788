using System.Text;

namespace LogForge.Delivery.Git;

/// <summary>
/// A token for git's HTTP requests to one server, handed to git through the environment only:
/// <c>GIT_CONFIG_COUNT/KEY_0/VALUE_0</c> set <c>http.&lt;server&gt;/.extraheader</c> to
/// <c>AUTHORIZATION: basic base64(x-access-token:TOKEN)</c> (the header actions/checkout configures, here
/// without writing any config file). The token is never in an argument, a remote URL, a config file
/// or git's output; the header is scoped to <see cref="Server"/>, so no other host receives it.
/// </summary>
public sealed class GitCredentials
{
    public GitCredentials(string server, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var uri = new Uri(server);
        Server = $"{uri.Scheme}://{uri.Authority}/";
        _header = "AUTHORIZATION: basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));
    }

    private readonly string _header;

    /// <summary>scheme://host[:port]/ the header is sent to.</summary>
    public string Server { get; }

    /// <summary>Forms of the secret other than the token itself (the encoded header): register them with
    /// the log's secret mask so a git trace can't show them either.</summary>
    public IReadOnlyList<string> DerivedSecrets => [_header, _header["AUTHORIZATION: basic ".Length..]];

    /// <summary>The environment for a git process that talks to <see cref="Server"/>.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = $"http.{Server}.extraheader",
        ["GIT_CONFIG_VALUE_0"] = _header,
    };

    /// <summary>Credentials for the server of an http(s) remote URL; null for ssh, file and local remotes (git authenticates those itself).</summary>
    public static GitCredentials? ForRemote(string? remoteUrl, string? token) =>
        !string.IsNullOrEmpty(token) && Uri.TryCreate(remoteUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? new GitCredentials(remoteUrl!, token)
            : null;
}
