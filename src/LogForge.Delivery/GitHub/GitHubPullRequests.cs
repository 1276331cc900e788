using Octokit;

namespace LogForge.Delivery.GitHub;

/// <summary>
/// Pull requests of one repository through Octokit, idempotently: <see cref="CreateOrUpdateAsync"/> lists
/// first and reuses an open pull request for the same head and base (refreshing its title and body);
/// when GitHub still answers 422 "A pull request already exists" (a race with another run), it lists
/// again and updates that one — never a second pull request (akuity/kargo#2845 failed exactly there).
/// </summary>
public sealed class GitHubPullRequests(IGitHubClient client, GitHubRepository repository)
{
    public GitHubRepository Repository => repository;

    public async Task<RepositoryInfo> GetRepositoryAsync()
    {
        var repo = await client.Repository.Get(repository.Owner, repository.Name);
        var scopes = client.GetLastApiInfo()?.OauthScopes ?? [];
        return new RepositoryInfo(repo.FullName, repo.DefaultBranch, repo.Permissions?.Push, repo.HtmlUrl, scopes.ToList());
    }

    /// <summary>Whether the token is an installation token (<c>GET /installation/repositories</c> answers only for those; a PAT gets 403),
    /// and if so whether this repository is among the first page of the installation's repositories (null: not on that page).</summary>
    public async Task<(bool Installation, bool? Listed)> InstallationAccessAsync()
    {
        try
        {
            var page = await client.GitHubApps.Installation.GetAllRepositoriesForCurrent(new ApiOptions { PageSize = 100, PageCount = 1, StartPage = 1 });
            var listed = page.Repositories.Any(r => string.Equals(r.FullName, repository.FullName, StringComparison.OrdinalIgnoreCase));
            return (true, listed ? true : page.TotalCount <= page.Repositories.Count ? false : null);
        }
        catch (ApiException e) when (e is ForbiddenException or NotFoundException or AuthorizationException)
        {
            return (false, null);
        }
    }

    /// <summary>Every pull request (open, closed, merged) from <paramref name="head"/> into <paramref name="baseBranch"/>, newest first.</summary>
    public async Task<IReadOnlyList<PullRequestInfo>> ListAsync(string head, string baseBranch)
    {
        var request = new PullRequestRequest
        {
            State = ItemStateFilter.All,
            Head = $"{repository.Owner}:{head}",
            Base = baseBranch,
            SortProperty = PullRequestSort.Created,
            SortDirection = SortDirection.Descending,
        };
        var pulls = await client.PullRequest.GetAllForRepository(repository.Owner, repository.Name, request, new ApiOptions { PageSize = 100 });
        return pulls.Select(PullRequestInfo.From).ToList();
    }

    /// <summary>Every open pull request of the repository, newest first (every page).</summary>
    public async Task<IReadOnlyList<PullRequestInfo>> ListOpenAsync()
    {
        var request = new PullRequestRequest { State = ItemStateFilter.Open, SortProperty = PullRequestSort.Created, SortDirection = SortDirection.Descending };
        var pulls = await client.PullRequest.GetAllForRepository(repository.Owner, repository.Name, request, new ApiOptions { PageSize = 100 });
        return pulls.Select(PullRequestInfo.From).ToList();
    }

    /// <summary>The open pull request from head into base, else the most recent merged one, else null.</summary>
    public async Task<PullRequestInfo?> FindAsync(string head, string baseBranch)
    {
        var pulls = await ListAsync(head, baseBranch);
        return pulls.FirstOrDefault(p => p.Open) ?? pulls.FirstOrDefault(p => p.Merged);
    }

    public async Task<PullRequestInfo> GetAsync(int number) =>
        PullRequestInfo.From(await client.PullRequest.Get(repository.Owner, repository.Name, number));

    public async Task<PullRequestUpsert> CreateOrUpdateAsync(string head, string baseBranch, string title, string body)
    {
        var open = (await ListAsync(head, baseBranch)).FirstOrDefault(p => p.Open);
        if (open is not null)
            return new PullRequestUpsert(await UpdateAsync(open, title, body), Created: false);
        try
        {
            var created = await client.PullRequest.Create(repository.Owner, repository.Name, new NewPullRequest(title, head, baseBranch) { Body = body });
            return new PullRequestUpsert(PullRequestInfo.From(created), Created: true);
        }
        catch (ApiValidationException e) when (IsAlreadyExists(e))
        {
            var existing = (await ListAsync(head, baseBranch)).FirstOrDefault(p => p.Open)
                ?? throw new InvalidOperationException($"GitHub says a pull request from {head} into {baseBranch} already exists, but lists none open", e);
            return new PullRequestUpsert(await UpdateAsync(existing, title, body), Created: false);
        }
    }

    private async Task<PullRequestInfo> UpdateAsync(PullRequestInfo pull, string title, string body)
    {
        if (pull.Title == title && pull.Body == body) return pull;
        var updated = await client.PullRequest.Update(repository.Owner, repository.Name, pull.Number, new PullRequestUpdate { Title = title, Body = body });
        return PullRequestInfo.From(updated);
    }

    internal static bool IsAlreadyExists(ApiValidationException e) =>
        e.ApiError?.Errors?.Any(d => d.Message?.StartsWith("A pull request already exists", StringComparison.Ordinal) == true) == true
        || e.Message.Contains("A pull request already exists", StringComparison.Ordinal);
}
