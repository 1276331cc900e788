using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Ledger;

/// <summary>
/// Whether the ledger rejects a version: the newest ledger record that names it decides — a rollback from it (<c>Rejected-Version</c>)
/// rejects it, a record that put it into production again (a forced promotion, a rollback to it) lifts that. Changes without trailers
/// decide nothing: a hand edit cannot quietly bring a rejected version back.
/// </summary>
public static class RejectedVersions
{
    /// <summary>The rollback entry that rejects <paramref name="version"/>, or null. <paramref name="entries"/>: newest first.</summary>
    public static LedgerEntry? Rejecting(IReadOnlyList<LedgerEntry> entries, ReleaseVersion version)
    {
        foreach (var entry in entries)
        {
            if (entry.Record is not { } record) continue;
            if (Same(record.RejectedVersion, version)) return entry;
            if (Same(record.PromotedVersion, version)) return null;
        }
        return null;
    }

    private static bool Same(string? text, ReleaseVersion version) =>
        text is not null && ReleaseVersion.TryParse(text, out var parsed, out _) && parsed!.GitTag == version.GitTag;
}
