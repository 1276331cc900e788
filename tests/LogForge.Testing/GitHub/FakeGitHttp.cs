// git's smart HTTP protocol for the fake GitHub's repositories, served by git's own CGI, `git http-backend`
// (git-http-backend(1): GIT_PROJECT_ROOT, PATH_INFO, GIT_HTTP_EXPORT_ALL, REMOTE_USER enables receive-pack,
// HTTP_CONTENT_ENCODING / HTTP_GIT_PROTOCOL passed through), under /{owner}/{repo}.git/ as on GitHub's web host.
// Authentication as GitHub does it for git over HTTPS: basic x-access-token:<token> (what actions/checkout and our
// GitCredentials send); an unknown token is 401 "Invalid username or token. Password authentication is not supported
// for Git operations."; a push the token may not make is 403 with a text/plain body, which git prints as
// "remote: Permission to owner/repo.git denied to ACTOR." (git remote-curl.c / http.c show_http_message; the text as
// Actions runs show it: alphagov/govuk-developer-docs#3403, celestiaorg/celestia-specs#210).
using System.Text;
using LogForge.Delivery.Process;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.GitHub;

internal static class FakeGitHttp
{
    public static void Map(WebApplication app, FakeGitHub github) =>
        app.Map("/{owner}/{repo}.git/{**rest}", (string owner, string repo, string? rest, HttpContext http) =>
            ServeAsync(github, owner, repo, rest ?? "", http));

    private static async Task ServeAsync(FakeGitHub github, string owner, string repo, string rest, HttpContext http)
    {
        FakeRepository? repository;
        lock (github.Repositories) github.Repositories.TryGetValue($"{owner}/{repo}", out repository);
        if (repository is null)
        {
            await TextAsync(http, 404, "Repository not found.");
            return;
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var token = FakeGitHub.TokenOf(http);
        var push = rest == "git-receive-pack" || http.Request.Query["service"] == "git-receive-pack";
        var unknownToken = github.Token is not null && token is null && (authorization.Length > 0 || push);
        if (unknownToken)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"GitHub\"";
            await TextAsync(http, 401, "Invalid username or token. Password authentication is not supported for Git operations.");
            return;
        }
        if (push && token is not null && !(token.ContentsWrite && repository.CanPush && (token.IsInstallation || token.RoleCanPush)))
        {
            await TextAsync(http, 403, $"Permission to {repository.FullName}.git denied to {token.Actor}.");
            return;
        }
        await BackendAsync(repository, rest, token?.Actor ?? "anonymous", http);
    }

    private static async Task BackendAsync(FakeRepository repository, string rest, string user, HttpContext http)
    {
        using var input = new MemoryStream();
        await http.Request.Body.CopyToAsync(input);
        var environment = new Dictionary<string, string?>
        {
            ["GIT_PROJECT_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(repository.BarePath)),
            ["PATH_INFO"] = $"/{Path.GetFileName(repository.BarePath.TrimEnd('/'))}/{rest}",
            ["GIT_HTTP_EXPORT_ALL"] = "1",
            ["REQUEST_METHOD"] = http.Request.Method,
            ["QUERY_STRING"] = http.Request.QueryString.Value?.TrimStart('?') ?? "",
            ["CONTENT_TYPE"] = http.Request.ContentType ?? "",
            ["CONTENT_LENGTH"] = input.Length.ToString(),
            ["HTTP_CONTENT_ENCODING"] = http.Request.Headers.ContentEncoding.ToString(),
            ["HTTP_GIT_PROTOCOL"] = http.Request.Headers["Git-Protocol"].ToString(),
            ["REMOTE_USER"] = user,
            ["REMOTE_ADDR"] = "127.0.0.1",
        };
        using var output = new MemoryStream();
        var result = await new ProcessRunner().RunAsync(new ProcessRequest("git", ["http-backend"])
        {
            Environment = environment,
            StandardInputBytes = input.ToArray(),
            StandardOutputStream = output,
            Echo = OutputEcho.None,
        });
        await WriteCgiAnswerAsync(http, output.ToArray(), result);
    }

    /// <summary>A CGI answer: header lines (Status: among them), an empty line, the body.</summary>
    private static async Task WriteCgiAnswerAsync(HttpContext http, byte[] answer, ProcessResult result)
    {
        var split = IndexOf(answer, "\r\n\r\n"u8, out var separator);
        if (split < 0) split = IndexOf(answer, "\n\n"u8, out separator);
        if (split < 0)
        {
            await TextAsync(http, 500, $"git http-backend answered no CGI headers (exit {result.ExitCode}): {result.Tail(3)}");
            return;
        }
        http.Response.StatusCode = 200;
        foreach (var line in Encoding.ASCII.GetString(answer, 0, split).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = (line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) http.Response.StatusCode = int.Parse(value.Split(' ')[0]);
            else http.Response.Headers.Append(name, value);
        }
        await http.Response.Body.WriteAsync(answer.AsMemory(split + separator));
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern, out int length)
    {
        length = pattern.Length;
        return data.AsSpan().IndexOf(pattern);
    }

    private static async Task TextAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(text + "\n");
    }
}
