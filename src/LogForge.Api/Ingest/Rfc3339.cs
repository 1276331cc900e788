namespace LogForge.Api.Ingest;

/// <summary>The shape of an RFC 3339 date-time: a full date, 'T', a time and a zone (Z or ±hh:mm).</summary>
internal static class Rfc3339
{
    public static bool LooksLikeDateTime(ReadOnlySpan<byte> value)
    {
        if (value.Length < 20 || value[4] != '-' || value[7] != '-' || (value[10] | 0x20) != 't' || value[13] != ':')
        {
            return false;
        }

        var last = value[^1];
        if ((last | 0x20) == 'z')
        {
            return true;
        }

        return value[^6] is (byte)'+' or (byte)'-' && value[^3] == ':';
    }
}
