namespace LogForge.Delivery.Ledger;

public enum LedgerEntryKind { Promotion, Rollback, Unrecorded }

/// <summary>
/// One change of an environment's image tag in git history: the commit that made it, when it reached the branch (a merge commit's time
/// for a merged pull request), who ran it, the version and the pull request; its <see cref="Record"/> when the commit carries the
/// ledger's trailers, null for a change without them (a hand edit, a squash whose message was left blank).
/// </summary>
public sealed record LedgerEntry(string Commit, DateTimeOffset When, string Who, string Version, int? PullRequest, LedgerRecord? Record)
{
    public LedgerEntryKind Kind => Record is null ? LedgerEntryKind.Unrecorded : Record.IsRollback ? LedgerEntryKind.Rollback : LedgerEntryKind.Promotion;

    /// <summary>How it was verified, one line: staging's revision, the smoke test and the gate as the record names them.</summary>
    public string Verified => Record is null
        ? "no ledger record (the commit carries no trailers)"
        : string.Join("; ", new[]
        {
            Record.StagingRevision is { } revision ? $"staging {Short(revision)}" : null,
            Record.Smoke is { } smoke ? $"smoke {smoke}" : null,
            Record.Gate is { } gate ? $"gate {gate}" : null,
        }.OfType<string>().DefaultIfEmpty("—"));

    internal static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
