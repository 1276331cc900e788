using LogForge.Delivery.Checks;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;
using Serilog;

namespace LogForge.Delivery.Changes;

/// <summary>
/// The step Release, Promote and Rollback share: image tags edited in a <see cref="ScratchTree"/> of origin's default branch (exactly
/// the edited files change), the offline gate on that tree (shown, written, a failure refused), then the dry-run view or one commit
/// pushed with a lease and the one pull request opened or refreshed. The checkout is never touched; only a pushed branch can outlive
/// a failure, and the failure says so.
/// </summary>
public sealed class ChangeProposal : IAsyncDisposable
{
    private readonly ScratchTree _scratch;
    private readonly GitCli _git;
    private readonly OriginSnapshot _origin;
    private readonly GitHubAccess _github;
    private readonly ILogger _log;

    private ChangeProposal(ScratchTree scratch, GitCli git, OriginSnapshot origin, GitHubAccess github, ILogger log) =>
        (_scratch, _git, _origin, _github, _log) = (scratch, git, origin, github, log);

    /// <summary>The scratch tree of origin's default branch (the gated paths only), where the edit happens.</summary>
    public string TreeRoot => _scratch.Path;

    public static async Task<ChangeProposal> OpenAsync(GitCli git, OriginSnapshot origin, GitHubAccess github, ILogger log, CancellationToken ct) =>
        new(await ScratchTree.CreateAsync(git, origin.BaseCommit, ScratchTree.GatedPaths, ct), git, origin, github, log);

    /// <summary>
    /// Applies <paramref name="edit"/> to the scratch tree, checks that exactly its changed files differ from the base commit, then runs
    /// <paramref name="gate"/> there: its table logged, its files written under <paramref name="repoRoot"/>, and when a check failed
    /// the exception <paramref name="refusal"/> makes of the report and the files (nothing was pushed).
    /// </summary>
    public async Task<EditedTree> EditAndGateAsync(Func<string, IReadOnlyList<ImageTagChange>> edit, TreeGate gate, string repoRoot,
        string? stepSummaryPath, Func<ValidationReport, IReadOnlyList<string>, Exception> refusal, CancellationToken ct)
    {
        var changes = FlowFailures.Edit(() => edit(_scratch.Path));
        var tree = await _scratch.WriteTreeAsync(changes.Where(c => c.Changed).Select(c => c.File).ToList(), ct);
        CheckOnlyTheseFilesChanged(await _scratch.ChangedFilesAsync(tree, ct), changes);
        var diff = await _scratch.DiffAsync(tree, ct);
        foreach (var change in changes)
            _log.Information("{File}: image {Old} → {New}", change.File, new ImagePin(change.OldTag, change.OldDigest).ToString(),
                new ImagePin(change.NewTag, change.NewDigest).ToString());

        var report = await gate(_scratch.Path, ct);
        await CheckReports.PublishAsync(report, repoRoot, stepSummaryPath, _log, files => refusal(report, files), ct);
        return new EditedTree(changes, tree, diff, report);
    }

    /// <summary>--dry-run: the diff, the title and the body in the log; nothing pushed or opened.</summary>
    public void Show(EditedTree edited, string title, string body)
    {
        foreach (var line in edited.Diff.Split('\n')) _log.Information("{Diff}", line);
        _log.Information("Pull request title: {Title}", title);
        foreach (var line in body.Split('\n')) _log.Information("│ {Body}", line);
    }

    /// <summary>
    /// One commit of the edited tree, pushed with a lease to origin's branch, and the one pull request opened or refreshed with
    /// <paramref name="title"/> and the body <paramref name="body"/> makes of the pushed head. <paramref name="open"/>: the branch's
    /// open pull request, if any. <paramref name="kind"/>: the token's kind as the flow knows it (for the failure's one line).
    /// </summary>
    public async Task<PublishedChange> PublishAsync(EditedTree edited, string commitMessage, string title, Func<string, string> body,
        GitHubPullRequests pulls, PullRequestInfo? open, GitHubTokenKind kind, CancellationToken ct)
    {
        var (branch, baseBranch) = (_origin.Branch, _origin.DefaultBranch);
        var commit = await _scratch.CommitAsync(edited.Tree, commitMessage, ct);
        var head = await new BranchPublisher(_log, kind).PushAsync(_git, _origin, commit, ct);
        var text = body(head);
        var upsert = await GitHubFailure.GuardAsync(() => pulls.CreateOrUpdateAsync(branch, baseBranch, title, text), "pull request",
            open is null ? "creating the pull request" : $"updating pull request #{open.Number}", "pull-requests: write", _github.ApiUrl, ct,
            $"; {branch} is pushed ({FlowFailures.Short(head)}) without a pull request — the re-run opens it", kind);
        return new PublishedChange(upsert.PullRequest, upsert.Created, head, text);
    }

    public ValueTask DisposeAsync() => _scratch.DisposeAsync();

    private static void CheckOnlyTheseFilesChanged(IReadOnlyList<string> changedFiles, IReadOnlyList<ImageTagChange> changes)
    {
        var changed = changedFiles.Order(StringComparer.Ordinal).ToList();
        var expected = changes.Where(c => c.Changed).Select(c => c.File).Order(StringComparer.Ordinal).ToList();
        if (!changed.SequenceEqual(expected))
            throw new DeliveryStepException("edit", $"the tag edit changed {FlowFailures.Few(changed)} where only {FlowFailures.Few(expected)} should change",
                "report this as a bug; nothing was pushed");
    }
}

/// <summary>The edited, gated tree: ready to show (--dry-run) or to publish.</summary>
public sealed record EditedTree(IReadOnlyList<ImageTagChange> Changes, string Tree, string Diff, ValidationReport Gate);

/// <summary>What publishing did: the pull request (opened when <paramref name="Created"/>, else refreshed), the pushed head, its body.</summary>
public sealed record PublishedChange(PullRequestInfo PullRequest, bool Created, string Head, string Body);
