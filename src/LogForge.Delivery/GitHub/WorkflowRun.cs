namespace LogForge.Delivery.GitHub;

/// <summary>The GitHub Actions run this build runs in (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID,
/// GITHUB_RUN_ATTEMPT, GITHUB_WORKFLOW, GITHUB_ACTOR), for provenance in pull request bodies.</summary>
public sealed record WorkflowRun(string ServerUrl, string Repository, string RunId, string? Attempt, string? Workflow, string? Actor)
{
    public string Url => $"{ServerUrl.TrimEnd('/')}/{Repository}/actions/runs/{RunId}" + (Attempt is { Length: > 0 } and not "1" ? $"/attempts/{Attempt}" : "");

    /// <summary>The run, when <paramref name="environment"/> is that of an Actions job; else null.</summary>
    public static WorkflowRun? FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        string? Get(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        if (Get("GITHUB_ACTIONS") != "true" || Get("GITHUB_RUN_ID") is not { } runId || Get("GITHUB_REPOSITORY") is not { } repository)
            return null;
        return new WorkflowRun(Get("GITHUB_SERVER_URL") ?? "https://github.com", repository, runId, Get("GITHUB_RUN_ATTEMPT"), Get("GITHUB_WORKFLOW"),
            Get("GITHUB_ACTOR"));
    }

    public static WorkflowRun? FromProcessEnvironment() => FromEnvironment(
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal));
}
