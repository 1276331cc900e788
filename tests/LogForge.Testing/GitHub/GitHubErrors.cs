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

/// <summary>A status code and a JSON body (null: no body).</summary>
public sealed record GitHubResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null);
