using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LogForge.Testing.GitHub;

/// <summary>The endpoints Octokit calls for the delivery flows: repository, git refs, pull requests (list with
/// state/head/base filters and paging, create, get, update, merge, merged?).</summary>
internal static class FakeGitHubRoutes
{
    private const string RepoDocs = "https://docs.github.com/rest/repos/repos#get-a-repository";
    private const string RefDocs = "https://docs.github.com/rest/git/refs#get-a-reference";
    private const string ListDocs = "https://docs.github.com/rest/pulls/pulls#list-pull-requests";
    private const string CreateDocs = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request";
    private const string GetDocs = "https://docs.github.com/rest/pulls/pulls#get-a-pull-request";
    private const string UpdateDocs = "https://docs.github.com/rest/pulls/pulls#update-a-pull-request";
    private const string MergeDocs = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";
    private const string MergedDocs = "https://docs.github.com/rest/pulls/pulls#check-if-a-pull-request-has-been-merged";

    public static void Map(RouteGroupBuilder api, FakeGitHub github)
    {
        api.MapGet("/repos/{owner}/{repo}", (string owner, string repo, HttpContext http) =>
            Answer(github, owner, repo, RepoDocs, async r =>
                new GitHubResponse(200, github.Json.Repository(r, await DefaultBranchAsync(github, r), FakeGitHub.TokenOf(http)))));

        api.MapGet("/installation/repositories", async (HttpContext http) =>
        {
            var token = FakeGitHub.TokenOf(http);
            var repositories = new List<JsonObject>();
            foreach (var r in github.AllRepositories())
                repositories.Add(github.Json.Repository(r, await DefaultBranchAsync(github, r), token));
            return FakeGitHub.Write(FakePermissions.InstallationRepositories(github, token, repositories));
        });

        api.MapGet("/repos/{owner}/{repo}/git/refs/{**name}", (string owner, string repo, string name) =>
            Answer(github, owner, repo, RefDocs, async r =>
            {
                var sha = await github.GitFor(r).ResolveCommitAsync("refs/" + name, CancellationToken.None);
                return sha is null ? GitHubErrors.NotFound(RefDocs) : new GitHubResponse(200, github.Json.Reference(r, "refs/" + name, sha));
            }));

        api.MapGet("/repos/{owner}/{repo}/pulls", (string owner, string repo, HttpRequest request) =>
            Answer(github, owner, repo, ListDocs, r => ListAsync(github, r, request)));

        api.MapPost("/repos/{owner}/{repo}/pulls", (string owner, string repo, HttpRequest request) =>
            Answer(github, owner, repo, CreateDocs, async r =>
                FakePermissions.Refusal(FakeGitHub.TokenOf(request.HttpContext), FakePermissions.Write.CreatePullRequest, CreateDocs)
                ?? await CreateAsync(github, r, await BodyAsync(request))));

        api.MapGet("/repos/{owner}/{repo}/pulls/{number:int}", (string owner, string repo, int number) =>
            Answer(github, owner, repo, GetDocs, async r =>
            {
                if (Find(r, number) is not { } pr) return GitHubErrors.NotFound(GetDocs);
                var answer = await RenderAsync(github, r, pr, 200);
                pr.MergeabilityComputed = true; // the background job the first request started has finished by the next one
                return answer;
            }));

        api.MapMethods("/repos/{owner}/{repo}/pulls/{number:int}", ["PATCH"], (string owner, string repo, int number, HttpRequest request) =>
            Answer(github, owner, repo, UpdateDocs, async r =>
                FakePermissions.Refusal(FakeGitHub.TokenOf(request.HttpContext), FakePermissions.Write.PullRequests, UpdateDocs)
                ?? await UpdateAsync(github, r, number, await BodyAsync(request))));

        api.MapGet("/repos/{owner}/{repo}/pulls/{number:int}/merge", (string owner, string repo, int number) =>
            Answer(github, owner, repo, MergedDocs, r => Task.FromResult(Find(r, number) is { Merged: true }
                ? new GitHubResponse(204, null) : GitHubErrors.NotFound(MergedDocs))));

        api.MapPut("/repos/{owner}/{repo}/pulls/{number:int}/merge", (string owner, string repo, int number, HttpRequest request) =>
            Answer(github, owner, repo, MergeDocs, async r =>
                FakePermissions.Refusal(FakeGitHub.TokenOf(request.HttpContext), FakePermissions.Write.Contents, MergeDocs)
                ?? await FakeMerge.MergeAsync(github, r, number, await BodyAsync(request))));
    }

    private static async Task<IResult> Answer(FakeGitHub github, string owner, string repo, string docs, Func<FakeRepository, Task<GitHubResponse>> handler)
    {
        FakeRepository? repository;
        lock (github.Repositories) github.Repositories.TryGetValue($"{owner}/{repo}", out repository);
        if (repository is null) return FakeGitHub.Write(GitHubErrors.NotFound(docs));
        return FakeGitHub.Write(await github.ExclusiveAsync(() => handler(repository)));
    }

    internal static FakePullRequest? Find(FakeRepository repository, int number) => repository.PullRequests.FirstOrDefault(p => p.Number == number);

    internal static async Task<string> DefaultBranchAsync(FakeGitHub github, FakeRepository repository) =>
        (await github.GitFor(repository).OutputAsync(["symbolic-ref", "--short", "HEAD"], CancellationToken.None)).Trim();

    internal static async Task<GitHubResponse> RenderAsync(FakeGitHub github, FakeRepository repository, FakePullRequest pr, int status) =>
        new(status, await RenderJsonAsync(github, repository, pr));

    private static async Task<JsonObject> RenderJsonAsync(FakeGitHub github, FakeRepository repository, FakePullRequest pr)
    {
        var git = github.GitFor(repository);
        var head = pr.FrozenHeadSha ?? await git.ResolveCommitAsync("refs/heads/" + pr.Head, CancellationToken.None) ?? "";
        var @base = pr.FrozenBaseSha ?? await git.ResolveCommitAsync("refs/heads/" + pr.Base, CancellationToken.None) ?? "";
        return github.Json.PullRequest(repository, pr, head, @base, await DefaultBranchAsync(github, repository));
    }

    private static async Task<GitHubResponse> ListAsync(FakeGitHub github, FakeRepository repository, HttpRequest request)
    {
        var state = request.Query["state"].FirstOrDefault() ?? "open";
        var head = request.Query["head"].FirstOrDefault();
        var @base = request.Query["base"].FirstOrDefault();
        var ascending = request.Query["direction"].FirstOrDefault() == "asc";
        var perPage = Math.Clamp(int.TryParse(request.Query["per_page"], out var pp) ? pp : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(request.Query["page"], out var p) ? p : 1);

        var matching = repository.PullRequests
            .Where(pr => state == "all" || pr.State == state)
            .Where(pr => head is null || head == $"{repository.Owner}:{pr.Head}" || head == pr.Head)
            .Where(pr => @base is null || pr.Base == @base);
        matching = ascending ? matching.OrderBy(pr => pr.CreatedAt).ThenBy(pr => pr.Number) : matching.OrderByDescending(pr => pr.CreatedAt).ThenByDescending(pr => pr.Number);
        var all = matching.ToList();
        var items = new JsonArray();
        foreach (var pr in all.Skip((page - 1) * perPage).Take(perPage))
            items.Add(await RenderJsonAsync(github, repository, pr));

        Dictionary<string, string>? headers = null;
        if (page * perPage < all.Count)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.QueryString.Value ?? "");
            query["page"] = (page + 1).ToString();
            headers = new() { ["Link"] = $"<{github.ApiUrl}api/v3{request.Path.Value![("/api/v3".Length)..]}?{query}>; rel=\"next\"" };
        }
        return new GitHubResponse(200, items, headers);
    }

    private static async Task<GitHubResponse> CreateAsync(FakeGitHub github, FakeRepository repository, JsonObject? body)
    {
        var title = body?["title"]?.GetValue<string>();
        var headSpec = body?["head"]?.GetValue<string>();
        var @base = body?["base"]?.GetValue<string>();
        foreach (var (field, value) in new[] { ("title", title), ("head", headSpec), ("base", @base) })
            if (string.IsNullOrEmpty(value))
                return GitHubErrors.Error(422, "Validation Failed", CreateDocs,
                    new JsonObject { ["resource"] = "PullRequest", ["field"] = field, ["code"] = "missing_field" });

        var head = headSpec!.Contains(':') ? headSpec.Split(':', 2)[1] : headSpec;
        var git = github.GitFor(repository);
        var headSha = await git.ResolveCommitAsync("refs/heads/" + head, CancellationToken.None);
        if (headSha is null) return GitHubErrors.InvalidField(CreateDocs, "PullRequest", "head");
        var baseSha = await git.ResolveCommitAsync("refs/heads/" + @base, CancellationToken.None);
        if (baseSha is null) return GitHubErrors.InvalidField(CreateDocs, "PullRequest", "base");
        if (repository.PullRequests.Any(pr => pr.Open && pr.Head == head && pr.Base == @base))
            return GitHubErrors.ValidationFailed(CreateDocs, "PullRequest", $"A pull request already exists for {repository.Owner}:{head}.");
        var ahead = await git.OutputAsync(["rev-list", "--count", $"{baseSha}..{headSha}"], CancellationToken.None);
        if (ahead.Trim() == "0")
            return GitHubErrors.ValidationFailed(CreateDocs, "PullRequest", $"No commits between {@base} and {head}");

        var pr = new FakePullRequest
        {
            Id = github.NextId(),
            Number = repository.PullRequests.Count + 1,
            Owner = repository.Owner,
            Repository = repository.Name,
            Head = head,
            Base = @base!,
            Title = title!,
            Body = body?["body"]?.GetValue<string>() ?? "",
            Draft = body?["draft"]?.GetValue<bool>() ?? false,
        };
        repository.PullRequests.Add(pr);
        return await RenderAsync(github, repository, pr, 201);
    }

    private static async Task<GitHubResponse> UpdateAsync(FakeGitHub github, FakeRepository repository, int number, JsonObject? body)
    {
        var pr = Find(repository, number);
        if (pr is null) return GitHubErrors.NotFound(UpdateDocs);
        if (body?["title"]?.GetValue<string>() is { } title) pr.Title = title;
        if (body?["body"]?.GetValue<string>() is { } text) pr.Body = text;
        if (body?["base"]?.GetValue<string>() is { } @base) pr.Base = @base;
        if (body?["state"]?.GetValue<string>() is { } state && state != pr.State && !pr.Merged)
        {
            if (state == "closed") await FakeMerge.FreezeAsync(github, repository, pr);
            else { pr.FrozenHeadSha = pr.FrozenBaseSha = null; pr.ClosedAt = null; }
            pr.State = state;
        }
        pr.UpdatedAt = DateTimeOffset.UtcNow;
        return await RenderAsync(github, repository, pr, 200);
    }

    private static async Task<JsonObject?> BodyAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        var text = await new StreamReader(request.Body).ReadToEndAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
    }
}
