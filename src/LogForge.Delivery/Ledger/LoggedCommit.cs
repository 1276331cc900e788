namespace LogForge.Delivery.Ledger;

/// <summary>
/// One commit of the ledger's <c>git log</c>: its parents as the path-limited history rewrites them, when it was committed, its author,
/// subject and trailer lines, and for a commit that is not a merge the blobs of the values file before and after it (null: absent).
/// </summary>
internal sealed record LoggedCommit(string Sha, IReadOnlyList<string> Parents, DateTimeOffset CommittedAt, string Author, string Subject,
    string Trailers, string? OldBlob, string? NewBlob)
{
    public bool IsMerge => Parents.Count > 1;
}
