using System.Text.Json.Nodes;

namespace LogForge.Testing.GitHub;

/// <summary>The JSON shapes of GitHub's REST API v3 (users, repositories, git refs, pull requests, merges),
/// with the fields Octokit's models read, snake_case, URLs under the fake's base address.</summary>
internal sealed class GitHubJson(string baseUrl)
{
    private string Api => baseUrl + "api/v3";

    public JsonObject User(string login, long id = 1)
    {
        var url = $"{Api}/users/{login}";
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = $"U_{id}",
            ["avatar_url"] = $"{baseUrl}avatars/{login}",
            ["gravatar_id"] = "",
            ["url"] = url,
            ["html_url"] = $"{baseUrl}{login}",
            ["followers_url"] = $"{url}/followers",
            ["following_url"] = $"{url}/following{{/other_user}}",
            ["gists_url"] = $"{url}/gists{{/gist_id}}",
            ["starred_url"] = $"{url}/starred{{/owner}}{{/repo}}",
            ["subscriptions_url"] = $"{url}/subscriptions",
            ["organizations_url"] = $"{url}/orgs",
            ["repos_url"] = $"{url}/repos",
            ["events_url"] = $"{url}/events{{/privacy}}",
            ["received_events_url"] = $"{url}/received_events",
            ["type"] = login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User",
            ["site_admin"] = false,
        };
    }

    /// <summary>The hypermedia URLs GitHub puts in every repository (names and templates as api.github.com sends them).</summary>
    private static readonly string[] RepositoryUrls =
    [
        "forks", "keys{/key_id}", "collaborators{/collaborator}", "teams", "hooks", "issues/events{/number}", "events", "assignees{/user}",
        "branches{/branch}", "tags", "git/blobs{/sha}", "git/tags{/sha}", "git/refs{/sha}", "git/trees{/sha}", "statuses/{sha}", "languages",
        "stargazers", "contributors", "subscribers", "subscription", "commits{/sha}", "git/commits{/sha}", "comments{/number}",
        "issues/comments{/number}", "contents/{+path}", "compare/{base}...{head}", "merges", "{archive_format}{/ref}", "downloads",
        "issues{/number}", "pulls{/number}", "milestones{/number}", "notifications{?since,all,participating}", "labels{/name}",
        "releases{/id}", "deployments",
    ];

    private static string UrlName(string template) => template switch
    {
        "{archive_format}{/ref}" => "archive_url",
        "issues/events{/number}" => "issue_events_url",
        "issues/comments{/number}" => "issue_comment_url",
        "git/blobs{/sha}" => "blobs_url",
        "git/trees{/sha}" => "trees_url",
        _ when template.StartsWith("git/", StringComparison.Ordinal) => "git_" + template[4..].Split('{')[0].TrimEnd('/') + "_url",
        _ => template.Split('{', '/')[0] + "_url",
    };

    /// <summary>The repository as <paramref name="token"/> sees it: an installation token gets no <c>permissions</c> (semantic-release/github#182),
    /// a user's token the user's role.</summary>
    public JsonObject Repository(FakeRepository repo, string defaultBranch, FakeToken? token = null)
    {
        var json = RepositoryJson(repo, defaultBranch);
        if (token is null) return json;
        if (token.IsInstallation) json.Remove("permissions");
        else
        {
            json["permissions"]!["push"] = repo.CanPush && token.RoleCanPush;
            json["permissions"]!["triage"] = repo.CanPush && token.RoleCanPush;
        }
        return json;
    }

    private JsonObject RepositoryJson(FakeRepository repo, string defaultBranch)
    {
        var json = RepositoryCore(repo, defaultBranch);
        foreach (var template in RepositoryUrls)
            json[UrlName(template)] = $"{Api}/repos/{repo.FullName}/{template}";
        foreach (var count in new[] { "forks", "forks_count", "open_issues", "open_issues_count", "size", "stargazers_count", "watchers", "watchers_count",
                     "network_count", "subscribers_count" })
            json[count] = 0;
        foreach (var flag in new[] { "has_issues", "has_projects", "has_wiki", "has_downloads" })
            json[flag] = true;
        json["has_pages"] = false;
        json["has_discussions"] = false;
        foreach (var absent in new[] { "homepage", "language", "mirror_url", "license" })
            json[absent] = null;
        json["svn_url"] = $"{baseUrl}{repo.FullName}";
        return json;
    }

    private JsonObject RepositoryCore(FakeRepository repo, string defaultBranch) => new()
    {
        ["id"] = repo.Id,
        ["node_id"] = $"R_{repo.Id}",
        ["name"] = repo.Name,
        ["full_name"] = repo.FullName,
        ["owner"] = User(repo.Owner),
        ["private"] = false,
        ["html_url"] = $"{baseUrl}{repo.FullName}",
        ["description"] = null,
        ["fork"] = false,
        ["url"] = $"{Api}/repos/{repo.FullName}",
        ["clone_url"] = $"{baseUrl}{repo.FullName}.git",
        ["git_url"] = $"git://{new Uri(baseUrl).Authority}/{repo.FullName}.git",
        ["ssh_url"] = $"git@{new Uri(baseUrl).Host}:{repo.FullName}.git",
        ["default_branch"] = defaultBranch,
        ["visibility"] = "public",
        ["archived"] = false,
        ["disabled"] = false,
        ["created_at"] = "2024-01-01T00:00:00Z",
        ["updated_at"] = "2024-01-01T00:00:00Z",
        ["pushed_at"] = "2024-01-01T00:00:00Z",
        ["permissions"] = new JsonObject
        {
            ["admin"] = false,
            ["maintain"] = false,
            ["push"] = repo.CanPush,
            ["triage"] = repo.CanPush,
            ["pull"] = true,
        },
    };

    public JsonObject Reference(FakeRepository repo, string fullRef, string sha) => new()
    {
        ["ref"] = fullRef,
        ["node_id"] = $"REF_{Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(fullRef))}",
        ["url"] = $"{Api}/repos/{repo.FullName}/git/{fullRef}",
        ["object"] = new JsonObject
        {
            ["sha"] = sha,
            ["type"] = "commit",
            ["url"] = $"{Api}/repos/{repo.FullName}/git/commits/{sha}",
        },
    };

    public JsonObject PullRequest(FakeRepository repo, FakePullRequest pr, string headSha, string baseSha, string defaultBranch)
    {
        var url = $"{Api}/repos/{repo.FullName}/pulls/{pr.Number}";
        var html = $"{baseUrl}{repo.FullName}/pull/{pr.Number}";
        return new JsonObject
        {
            ["url"] = url,
            ["id"] = pr.Id,
            ["node_id"] = $"PR_{pr.Id}",
            ["html_url"] = html,
            ["diff_url"] = html + ".diff",
            ["patch_url"] = html + ".patch",
            ["issue_url"] = $"{Api}/repos/{repo.FullName}/issues/{pr.Number}",
            ["statuses_url"] = $"{Api}/repos/{repo.FullName}/statuses/{headSha}",
            ["number"] = pr.Number,
            ["state"] = pr.State,
            ["locked"] = false,
            ["title"] = pr.Title,
            ["user"] = User(repo.Owner),
            ["body"] = pr.Body,
            ["labels"] = new JsonArray(),
            ["milestone"] = null,
            ["active_lock_reason"] = null,
            ["created_at"] = Time(pr.CreatedAt),
            ["updated_at"] = Time(pr.UpdatedAt),
            ["closed_at"] = Time(pr.ClosedAt),
            ["merged_at"] = Time(pr.MergedAt),
            ["merge_commit_sha"] = pr.MergeCommitSha,
            ["assignee"] = null,
            ["assignees"] = new JsonArray(),
            ["requested_reviewers"] = new JsonArray(),
            ["requested_teams"] = new JsonArray(),
            ["head"] = Branch(repo, pr.Head, headSha, defaultBranch),
            ["base"] = Branch(repo, pr.Base, baseSha, defaultBranch),
            ["author_association"] = "OWNER",
            ["auto_merge"] = null,
            ["draft"] = pr.Draft,
            ["merged"] = pr.Merged,
            ["mergeable"] = pr.Open && pr.MergeabilityComputed ? true : null,
            ["mergeable_state"] = pr.Open && pr.MergeabilityComputed ? "clean" : "unknown",
            ["merged_by"] = pr.Merged ? User(repo.Owner) : null,
            ["comments"] = 0,
            ["review_comments"] = 0,
            ["maintainer_can_modify"] = false,
            ["commits"] = 1,
            ["additions"] = 0,
            ["deletions"] = 0,
            ["changed_files"] = 0,
            ["comments_url"] = $"{Api}/repos/{repo.FullName}/issues/{pr.Number}/comments",
            ["commits_url"] = url + "/commits",
            ["review_comments_url"] = url + "/comments",
            ["review_comment_url"] = $"{Api}/repos/{repo.FullName}/pulls/comments{{/number}}",
            ["_links"] = new JsonObject
            {
                ["self"] = Link(url), ["html"] = Link(html), ["issue"] = Link($"{Api}/repos/{repo.FullName}/issues/{pr.Number}"),
                ["comments"] = Link($"{Api}/repos/{repo.FullName}/issues/{pr.Number}/comments"), ["review_comments"] = Link(url + "/comments"),
                ["review_comment"] = Link($"{Api}/repos/{repo.FullName}/pulls/comments{{/number}}"), ["commits"] = Link(url + "/commits"),
                ["statuses"] = Link($"{Api}/repos/{repo.FullName}/statuses/{headSha}"),
            },
        };
    }

    public static JsonObject Merge(string sha) => new()
    {
        ["sha"] = sha,
        ["merged"] = true,
        ["message"] = "Pull Request successfully merged",
    };

    private JsonObject Branch(FakeRepository repo, string branch, string sha, string defaultBranch) => new()
    {
        ["label"] = $"{repo.Owner}:{branch}",
        ["ref"] = branch,
        ["sha"] = sha,
        ["user"] = User(repo.Owner),
        ["repo"] = RepositoryJson(repo, defaultBranch),
    };

    private static JsonObject Link(string href) => new() { ["href"] = href };

    private static JsonNode? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
