namespace LogForge.Api.Ingest;

/// <summary>
/// An RFC 3339 §5.6 date-time, exactly: <c>full-date "T" full-time</c> with 'T' and 'Z' also in lower case
/// (the note in §5.6), seconds required, a fraction of any number of digits (kept to 100 ns), numeric
/// offsets up to ±23:59, and the leap second :60 where §5.7 allows it — at 23:59:60 UTC — stored as
/// 23:59:59.9999999Z, the last instant of that minute .NET can hold. Date-times outside years
/// 0001–9999 in UTC fit the grammar but cannot be stored, and are refused as well.
/// </summary>
internal static class Rfc3339
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        utc = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] | 0x20) != 't' || text[13] != ':' || text[16] != ':'
            || !Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..10], out var day)
            || !Digits(text[11..13], out var hour) || !Digits(text[14..16], out var minute) || !Digits(text[17..19], out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var rest = text[19..];
        long fraction = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                fraction = digits <= 7 ? (fraction * 10) + (rest[digits] - '0') : fraction;
                digits++;
            }

            if (digits == 1)
            {
                return false;
            }

            for (var scale = digits - 1; scale < 7; scale++)
            {
                fraction *= 10;
            }

            rest = rest[digits..];
        }

        if (!TryOffset(rest, out var offsetMinutes))
        {
            return false;
        }

        var ticks = new DateTime(year, month, day).Ticks + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute)
            + (Math.Min(second, 59) * TimeSpan.TicksPerSecond) + fraction - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (second == 60)
        {
            if (ticks / TimeSpan.TicksPerMinute % (24 * 60) != (23 * 60) + 59)
            {
                return false;
            }

            ticks = (((ticks / TimeSpan.TicksPerMinute) + 1) * TimeSpan.TicksPerMinute) - 1;
        }

        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>time-offset = "Z" / ("+" / "-") time-hour ":" time-minute, and nothing after it.</summary>
    private static bool TryOffset(ReadOnlySpan<byte> text, out int minutes)
    {
        minutes = 0;
        if (text.Length == 1)
        {
            return (text[0] | 0x20) == 'z';
        }

        if (text.Length != 6 || text[0] is not ((byte)'+' or (byte)'-') || text[3] != ':'
            || !Digits(text[1..3], out var hours) || !Digits(text[4..6], out var mins) || hours > 23 || mins > 59)
        {
            return false;
        }

        minutes = (text[0] == '-' ? -1 : 1) * ((hours * 60) + mins);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
