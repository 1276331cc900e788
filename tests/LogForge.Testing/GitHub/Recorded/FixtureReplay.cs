// Replays @octokit/fixtures recordings — real api.github.com answers, status, headers and body, recorded with nock and
// normalized (scenarios/api.github.com/<name>/normalized-fixture.json: method, path with query, body, status, response,
// headers) — as the transport under our Octokit client. Like nock, a request is answered by an unused recording with the
// same method, path, query and body; any other request fails the test. @octokit/fixtures-server would serve the same files
// over HTTP behind rewritten URLs; in-process the recorded Link and Location URLs stay api.github.com's, as Octokit got them.
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.GitHub.Recorded;

public sealed class FixtureReplay : HttpMessageHandler
{
    private readonly List<JsonObject> _unused;
    private readonly List<string> _answered = [];

    private FixtureReplay(IEnumerable<JsonObject> recordings) => _unused = recordings.ToList();

    /// <summary>The recordings of one scenario (get-repository, errors, git-refs, paginate-issues, branch-protection, …).</summary>
    public static async Task<FixtureReplay> LoadAsync(string scenario)
    {
        var folder = await OctokitPackage.Fixtures.DirectoryAsync();
        var file = Path.Combine(folder, "scenarios", "api.github.com", scenario, "normalized-fixture.json");
        return new FixtureReplay(JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsArray().Select(n => n!.AsObject()));
    }

    /// <summary>"METHOD path?query" of every request answered, in order.</summary>
    public IReadOnlyList<string> Answered { get { lock (_unused) return _answered.ToList(); } }

    /// <summary>The recorded answers still unused.</summary>
    public IReadOnlyList<JsonObject> Unused { get { lock (_unused) return _unused.ToList(); } }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var key = $"{request.Method.Method} {request.RequestUri!.PathAndQuery}";
        JsonObject recording;
        lock (_unused)
        {
            recording = _unused.FirstOrDefault(r => Matches(r, request, body))
                ?? throw new InvalidOperationException($"no recording answers {key} {body}");
            _unused.Remove(recording);
            _answered.Add(key);
        }
        return Answer(recording, request);
    }

    private static bool Matches(JsonObject recording, HttpRequestMessage request, string body)
    {
        var recorded = new Uri(new Uri("https://api.github.com"), recording["path"]!.GetValue<string>());
        return string.Equals(recording["method"]!.GetValue<string>(), request.Method.Method, StringComparison.OrdinalIgnoreCase)
            && recorded.AbsolutePath.TrimEnd('/') == request.RequestUri!.AbsolutePath.TrimEnd('/')
            && Query(recorded).SetEquals(Query(request.RequestUri))
            && SameBody(recording["body"], body);
    }

    private static HashSet<string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>The recorded body's properties are in the request with the same values; anything more the request sends is null.</summary>
    private static bool SameBody(JsonNode? recorded, string body)
    {
        if (recorded is not JsonObject expected) return true; // "" for a request without a body
        if (JsonNode.Parse(body) is not JsonObject sent) return false;
        return expected.All(p => JsonNode.DeepEquals(p.Value, sent[p.Key])) && sent.All(p => expected.ContainsKey(p.Key) || p.Value is null);
    }

    private static HttpResponseMessage Answer(JsonObject recording, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)recording["status"]!.GetValue<int>()) { RequestMessage = request };
        var payload = recording["response"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            null => "",
            var json => json.ToJsonString(),
        };
        response.Content = new StringContent(payload, Encoding.UTF8);
        response.Content.Headers.ContentType = null;
        foreach (var (name, value) in recording["headers"]?.AsObject() ?? [])
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            if (name is "content-length" or "connection" or "transfer-encoding") continue;
            if (name.StartsWith("content-", StringComparison.Ordinal)) response.Content.Headers.TryAddWithoutValidation(name, text);
            else response.Headers.TryAddWithoutValidation(name, text);
        }
        return response;
    }
}
