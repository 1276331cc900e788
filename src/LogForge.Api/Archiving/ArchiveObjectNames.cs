using System.Globalization;

namespace LogForge.Api.Archiving;

/// <summary>
/// Object names of the archive: <c>logs/yyyy/MM/dd/HH/&lt;partition&gt;-&lt;firstOffset&gt;-&lt;lastOffset&gt;.ndjson.gz</c>,
/// the hour being that of the first event's Kafka timestamp (UTC). A replayed range gets the same name.
/// </summary>
public static class ArchiveObjectNames
{
    public static string For(DateTime firstTimestampUtc, int partition, long firstOffset, long lastOffset) =>
        string.Create(CultureInfo.InvariantCulture,
            $"logs/{firstTimestampUtc:yyyy'/'MM'/'dd'/'HH}/{partition}-{firstOffset}-{lastOffset}.ndjson.gz");
}
