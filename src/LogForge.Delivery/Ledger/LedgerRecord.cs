namespace LogForge.Delivery.Ledger;

/// <summary>
/// What one promotion or rollback commit records in its git trailers: the version production runs after it, the evidence it rests on,
/// who ran it from where, and for a rollback the version it rejects and why. A value is one line (see <see cref="LedgerTrailers"/>).
/// </summary>
public sealed record LedgerRecord(string PromotedVersion)
{
    public string? ImageDigest { get; init; }
    public string? StagingRevision { get; init; }
    /// <summary>Staging's smoke test as this run took it, e.g. "passed (8 passed, 0 failed, 0 skipped)".</summary>
    public string? Smoke { get; init; }
    /// <summary>The offline gate on the pull request's tree, e.g. "passed (41 passed, 0 failed, 3 skipped)".</summary>
    public string? Gate { get; init; }
    public string? Actor { get; init; }
    public string? RunUrl { get; init; }
    /// <summary>A rollback: the version production ran, rolled back from; it stays rejected until a ledger record promotes it again.</summary>
    public string? RejectedVersion { get; init; }
    public string? Reason { get; init; }
    /// <summary>The run passed --force (a rejected version promoted anyway, a rollback to a version production never ran).</summary>
    public bool Forced { get; init; }

    public bool IsRollback => RejectedVersion is not null;
}
