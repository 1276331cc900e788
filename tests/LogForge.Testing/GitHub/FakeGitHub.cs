// A fake GitHub REST API (v3) for Octokit, on 127.0.0.1, reached through --github-api-url.
// Followed: octokit/octokit.net v14.0.0 — GitHubClient.FixUpBaseUri (any host but github.com gets the
// /api/v3/ prefix, as GitHub Enterprise), Helpers/ApiUrls.cs (routes), Clients/PullRequestsClient.cs
// (list with state/head/base/sort/direction, create POST, update PATCH, merge PUT .../merge, 405/409 on
// merge), Http/Connection.cs (401 → AuthorizationException, 403 → ForbiddenException, 404 →
// NotFoundException, 422 → ApiValidationException), Http/ApiInfoParser.cs (Link rel="next" paging),
// Authentication/TokenAuthenticator.cs ("Authorization: Token …"); GitHub's REST docs for the JSON of
// repositories, git refs and pull requests and for error bodies {"message", "documentation_url",
// "errors": [{resource, field, code, message}]} — including 422 "A pull request already exists for
// owner:branch." and "No commits between base and head".
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Testing.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.GitHub;

/// <summary>
/// An in-process GitHub REST server: repositories backed by real bare git repositories (the refs it reports
/// are theirs; merging a pull request writes a real merge commit there), pull requests with GitHub's
/// JSON, status codes and error bodies, a request log, and injected failures.
/// Usage: <c>await using var github = await FakeGitHub.StartAsync(token); github.AddRepository("o", "r", bare);</c>
/// then give the code under test <c>--github-api-url github.ApiUrl</c>.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly ConcurrentQueue<GitHubRequest> _requests = new();
    private readonly List<Override> _overrides = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _nextId = 1000;

    private readonly Dictionary<string, FakeToken> _tokens = new(StringComparer.Ordinal);

    private FakeGitHub(string? token)
    {
        Token = token;
        if (token is not null) AddToken(new FakeToken(token, GitHubTokens.KindOf(token), "release-bot"));
    }

    /// <summary>The first token requests may carry (Authorization: token|Bearer …); null: none was given, any request is accepted.</summary>
    public string? Token { get; private set; }

    /// <summary>Accepts <paramref name="token"/> as well, with the behaviour of its kind.</summary>
    public FakeToken AddToken(FakeToken token)
    {
        lock (_tokens) _tokens[token.Value] = token;
        Token ??= token.Value;
        return token;
    }

    /// <summary>The token an Authorization header carries ("token T", "Bearer T", basic x-access-token:T), or null.</summary>
    internal FakeToken? TokenOf(string authorization)
    {
        var value = TokenValue(authorization);
        lock (_tokens) return value is not null && _tokens.TryGetValue(value, out var token) ? token : null;
    }

    internal static FakeToken? TokenOf(HttpContext context) => context.Items[nameof(FakeToken)] as FakeToken;

    /// <summary>http://127.0.0.1:PORT/ — what --github-api-url takes (Octokit adds /api/v3/).</summary>
    public string ApiUrl => _host.Url.ToString();

    internal Dictionary<string, FakeRepository> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Transient answers to give before the real ones (rate limits, 5xx).</summary>
    public FakeFaults Faults { get; } = new();

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<GitHubRequest> Requests => _requests.ToList();

    /// <summary>Starts with the given tokens (the first is <see cref="Token"/>).</summary>
    public static async Task<FakeGitHub> StartAsync(FakeToken first, params FakeToken[] more)
    {
        var github = await StartAsync((string?)null);
        foreach (var token in more.Prepend(first)) github.AddToken(token);
        return github;
    }

    public static async Task<FakeGitHub> StartAsync(string? token = null)
    {
        var github = new FakeGitHub(token);
        github._host = await LoopbackHost.StartAsync(app =>
        {
            app.Use(github.Middleware);
            FakeGitHubRoutes.Map(app.MapGroup("/api/v3"), github);
            FakeGitHttp.Map(app, github);
            app.MapFallback(() => Write(GitHubErrors.NotFound()));
        });
        return github;
    }

    /// <summary>Serves <paramref name="barePath"/> (a bare git repository; its HEAD names the default branch) as owner/name.</summary>
    public FakeRepository AddRepository(string owner, string name, string barePath)
    {
        var repository = new FakeRepository { Id = Interlocked.Increment(ref _nextId), Owner = owner, Name = name, BarePath = barePath };
        lock (Repositories) Repositories[$"{owner}/{name}"] = repository;
        return repository;
    }

    /// <summary>http://127.0.0.1:PORT/owner/name.git — git's smart HTTP for the repository, with GitHub's token checks.</summary>
    public string CloneUrl(string owner, string name) => $"{ApiUrl}{owner}/{name}.git";

    internal IReadOnlyList<FakeRepository> AllRepositories()
    {
        lock (Repositories) return Repositories.Values.ToList();
    }

    public FakeRepository Repository(string owner, string name)
    {
        lock (Repositories) return Repositories[$"{owner}/{name}"];
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (below /api/v3, e.g. "/repos/o/r/pulls") with
    /// a GitHub error until <see cref="ClearFailures"/>.</summary>
    public void Fail(string method, string path, int status, string message, string documentation = GitHubErrors.Docs)
    {
        lock (_overrides) _overrides.Add(new Override(method, path, GitHubErrors.Error(status, message, documentation), Remaining: null));
    }

    /// <summary>Answers the next <paramref name="method"/> <paramref name="path"/> with <paramref name="response"/>, once
    /// (e.g. an empty pull request list, as another run racing this one would see it).</summary>
    public void AnswerOnce(string method, string path, GitHubResponse response)
    {
        lock (_overrides) _overrides.Add(new Override(method, path, response, Remaining: 1));
    }

    public void ClearFailures()
    {
        lock (_overrides) _overrides.Clear();
    }

    private sealed record Override(string Method, string Path, GitHubResponse Response, int? Remaining);

    /// <summary>The requests with this method whose path ends with <paramref name="pathSuffix"/>.</summary>
    public int Count(string method, string pathSuffix) =>
        _requests.Count(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    internal long NextId() => Interlocked.Increment(ref _nextId);

    internal GitHubJson Json => new(ApiUrl);

    internal GitCli GitFor(FakeRepository repository) => new(repository.BarePath);

    /// <summary>Serializes the handlers that read and change pull requests and refs.</summary>
    internal async Task<T> ExclusiveAsync<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync();
        try
        {
            return await action();
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static IResult Write(GitHubResponse response) => new GitHubResult(response);

    private async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var body = "";
        if (path.StartsWith("/api/v3/", StringComparison.Ordinal)) // git's smart HTTP bodies are binary packs: FakeGitHttp reads them
        {
            context.Request.EnableBuffering();
            body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
        }
        var apiPath = path.StartsWith("/api/v3", StringComparison.Ordinal) ? path["/api/v3".Length..] : path;
        var authorization = context.Request.Headers.Authorization.ToString();
        var scheme = authorization.Length == 0 ? null : authorization.Split(' ')[0];

        var isApi = path.StartsWith("/api/v3/", StringComparison.Ordinal);
        context.Items[nameof(FakeToken)] = TokenOf(authorization);
        var refusal = (isApi ? Authenticate(authorization) : null) ?? InjectedFailure(context.Request.Method, apiPath);
        var fault = refusal is null && isApi ? Faults.Next(context.Request.Method, apiPath) : null;
        var hold = refusal is null && fault is null ? Faults.NextHold(context.Request.Method, apiPath) : null;
        var logged = false;
        void Log()
        {
            _requests.Enqueue(new GitHubRequest(context.Request.Method, apiPath, context.Request.QueryString.Value ?? "", body, context.Response.StatusCode,
                scheme, Token is not null && CarriesToken(authorization)) { Api = isApi, ResponseBody = context.Items[ResponseBodyKey] as string });
            logged = true;
        }
        void LogAbandoned()
        {
            if (!context.Response.HasStarted) context.Response.StatusCode = 499; // nginx's "client closed request", for the request list
            Log();
        }
        try
        {
            if (refusal is not null)
                await Write(refusal).ExecuteAsync(context);
            else if (fault is { AfterHandling: true } lost)
                await HandleThenAnswerAsync(context, next, lost.Response);
            else if (fault is { } before)
                await Write(before.Response).ExecuteAsync(context);
            else if (hold is { AfterHandling: true } heldAnswer)
                await HandleThenHoldAsync(context, next, heldAnswer.Held, LogAbandoned);
            else if (hold is { } held)
            {
                await held.Held.HoldAsync(context.RequestAborted, LogAbandoned);
                await next(context);
            }
            else
                await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            if (!context.Response.HasStarted) context.Response.StatusCode = 499; // nginx's "client closed request", for the request list
        }
        if (!logged)
            Log();
    }

    internal const string ResponseBodyKey = "fake-github-response-body";

    private GitHubResponse? Authenticate(string authorization)
    {
        if (Token is null) return null;
        if (authorization.Length == 0) return GitHubErrors.RequiresAuthentication();
        return CarriesToken(authorization) ? null : GitHubErrors.BadCredentials();
    }

    /// <summary>Whether the header carries a token this fake accepts.</summary>
    internal bool CarriesToken(string authorization) => TokenOf(authorization) is not null;

    /// <summary>"token T", "Bearer T", or basic with x-access-token:T (what git sends through http.extraheader).</summary>
    private static string? TokenValue(string authorization)
    {
        var parts = authorization.Split(' ', 2);
        if (parts.Length != 2) return null;
        switch (parts[0].ToLowerInvariant())
        {
            case "token" or "bearer":
                return parts[1];
            case "basic":
                try
                {
                    var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
                    return pair.StartsWith("x-access-token:", StringComparison.Ordinal) ? pair["x-access-token:".Length..] : null;
                }
                catch (FormatException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    /// <summary>Carries the request out (its answer discarded), then answers <paramref name="response"/>: the write happened, the answer was lost.</summary>
    private static async Task HandleThenAnswerAsync(HttpContext context, RequestDelegate next, GitHubResponse response)
    {
        var body = context.Response.Body;
        context.Response.Body = new MemoryStream();
        await next(context);
        context.Response.Body = body;
        context.Response.Headers.Clear();
        context.Items.Remove(ResponseBodyKey);
        await Write(response).ExecuteAsync(context);
    }

    /// <summary>Carries the request out into a buffer; its answer reaches the client only once the test releases it.</summary>
    private static async Task HandleThenHoldAsync(HttpContext context, RequestDelegate next, HeldRequest held, Action logAbandoned)
    {
        var body = context.Response.Body;
        var answer = new MemoryStream();
        context.Response.Body = answer;
        await next(context);
        context.Response.Body = body;
        await held.HoldAsync(context.RequestAborted, logAbandoned);
        answer.Position = 0;
        await answer.CopyToAsync(body, context.RequestAborted);
    }

    private GitHubResponse? InjectedFailure(string method, string path)
    {
        lock (_overrides)
        {
            var index = _overrides.FindIndex(o => o.Method == method && o.Path == path);
            if (index < 0) return null;
            var found = _overrides[index];
            if (found.Remaining == 1) _overrides.RemoveAt(index);
            return found.Response;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _gate.Dispose();
    }

    private sealed class GitHubResult(GitHubResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = response.Status;
            context.Response.Headers["X-GitHub-Media-Type"] = "github.v3; format=json";
            context.Response.Headers["X-GitHub-Request-Id"] = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
            context.Response.Headers["X-RateLimit-Limit"] = "5000";
            context.Response.Headers["X-RateLimit-Remaining"] = "4999";
            context.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString();
            if (TokenOf(context) is { HasScopes: true } classic)
                context.Response.Headers["X-OAuth-Scopes"] = string.Join(", ", classic.Scopes);
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
                context.Response.Headers[name] = value;
            if (response.Body is null) return;
            var text = response.Body.ToJsonString();
            context.Items[ResponseBodyKey] = text;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(text);
        }
    }
}
