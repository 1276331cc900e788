namespace LogForge.Delivery.Ledger;

/// <summary>What History shows: one environment's ledger read from <see cref="Source"/> (the ref as a sentence), newest first,
/// <see cref="Entries"/> cut to the limit out of <see cref="Total"/>.</summary>
public sealed record LedgerView(string Environment, string ValuesFile, string Source, string Commit, IReadOnlyList<LedgerEntry> Entries, int Total);
