using System.Text.Json.Nodes;

namespace LogForge.Testing.GitHub;

/// <summary>GitHub's error bodies: <c>{"message", "documentation_url", "errors": [{resource, field, code, message}], "status"}</c>.</summary>
public static class GitHubErrors
{
    public const string Docs = "https://docs.github.com/rest";

    public static GitHubResponse Error(int status, string message, string documentation = Docs, params JsonObject[] errors)
    {
        var body = new JsonObject { ["message"] = message };
        if (errors.Length > 0) body["errors"] = new JsonArray(errors);
        body["documentation_url"] = documentation;
        body["status"] = status.ToString();
        return new GitHubResponse(status, body);
    }

    public static GitHubResponse NotFound(string documentation = Docs) => Error(404, "Not Found", documentation);

    public static GitHubResponse BadCredentials() => Error(401, "Bad credentials");

    public static GitHubResponse RequiresAuthentication() => Error(401, "Requires authentication");

    /// <summary>422 Validation Failed with one error of code "custom" (how GitHub words "A pull request already exists for …").</summary>
    public static GitHubResponse ValidationFailed(string documentation, string resource, string message) =>
        Error(422, "Validation Failed", documentation, new JsonObject { ["resource"] = resource, ["code"] = "custom", ["message"] = message });

    /// <summary>422 Validation Failed for an invalid field (e.g. a head branch that does not exist).</summary>
    public static GitHubResponse InvalidField(string documentation, string resource, string field) =>
        Error(422, "Validation Failed", documentation, new JsonObject { ["resource"] = resource, ["field"] = field, ["code"] = "invalid" });
}

public static class GitHubLimits
{
    private const string RateLimitDocs = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

    /// <summary>The primary rate limit used up (GitHub REST docs, "Rate limits for the REST API"): 403 (or 429) with
    /// <c>x-ratelimit-remaining: 0</c> and the reset in epoch seconds.</summary>
    public static GitHubResponse Primary(DateTimeOffset reset, int status = 403) => GitHubErrors.Error(status,
        "API rate limit exceeded for installation ID 1000.", RateLimitDocs) with
    {
        Headers = new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-used"] = "5000",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(), ["x-ratelimit-resource"] = "core",
        },
    };

    /// <summary>The secondary rate limit: 403 (or 429) with GitHub's message, and <c>retry-after</c> when given.</summary>
    public static GitHubResponse Secondary(int? retryAfterSeconds, int status = 403) => GitHubErrors.Error(status,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, " +
        "please include the request ID 0000:0000:0000000:0000000:00000000.", RateLimitDocs + "#about-secondary-rate-limits") with
    {
        Headers = retryAfterSeconds is { } seconds ? new Dictionary<string, string> { ["retry-after"] = seconds.ToString() } : null,
    };

    /// <summary>A 5xx as GitHub's front end answers it (JSON "Server Error" for 500, the load balancer's for 502/503/504).</summary>
    public static GitHubResponse ServerError(int status) => status == 500
        ? new GitHubResponse(500, new System.Text.Json.Nodes.JsonObject { ["message"] = "Server Error" })
        : new GitHubResponse(status, new System.Text.Json.Nodes.JsonObject { ["message"] = status == 502 ? "Server Error" : "Service Unavailable" });
}

/// <summary>A status code and a JSON body (null: no body).</summary>
public sealed record GitHubResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null);
