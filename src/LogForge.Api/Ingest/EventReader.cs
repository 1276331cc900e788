using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LogForge.Api.Ingest;

/// <summary>
/// Reads one event object (the reader stands on its StartObject), checks every field, and writes it
/// normalised: timestamp (UTC), level, service, message, attributes.
/// </summary>
internal static class EventReader
{
    private static readonly string[] Levels = ["trace", "debug", "info", "warn", "error", "fatal"];

    public static IngestError? ReadAndWrite(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int index, LineSink sink)
    {
        var fields = new EventFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var error = ReadField(ref reader, source, index, ref fields);
            if (error is not null)
            {
                return error;
            }
        }

        if (fields.Message.IsEmpty)
        {
            return IngestError.Invalid(index, "message", $"Event {index}: 'message' is required.");
        }

        Write(sink, source, ref fields);
        return null;
    }

    private static IngestError? ReadField(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int index, ref EventFields fields)
    {
        if (reader.ValueTextEquals("message"u8))
        {
            return Once(ref fields.Seen, EventFields.SeenMessage, index, "message") ?? ReadMessage(ref reader, source, index, ref fields);
        }

        if (reader.ValueTextEquals("timestamp"u8))
        {
            return Once(ref fields.Seen, EventFields.SeenTimestamp, index, "timestamp") ?? ReadTimestamp(ref reader, index, ref fields);
        }

        if (reader.ValueTextEquals("level"u8))
        {
            return Once(ref fields.Seen, EventFields.SeenLevel, index, "level") ?? ReadLevel(ref reader, index, ref fields);
        }

        if (reader.ValueTextEquals("service"u8))
        {
            return Once(ref fields.Seen, EventFields.SeenService, index, "service") ?? ReadService(ref reader, source, index, ref fields);
        }

        if (reader.ValueTextEquals("attributes"u8))
        {
            return Once(ref fields.Seen, EventFields.SeenAttributes, index, "attributes") ?? ReadAttributes(ref reader, source, index, ref fields);
        }

        var name = Shorten(reader.GetString() ?? string.Empty);
        return IngestError.Invalid(index, name,
            $"Event {index}: unknown field '{name}'; events have message, timestamp, level, service and attributes.");
    }

    private static IngestError? ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int index, ref EventFields fields)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            return IngestError.Invalid(index, "message", $"Event {index}: 'message' must be a string.");
        }

        var length = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetByteCount(reader.GetString()!) : reader.ValueSpan.Length;
        if (length == 0)
        {
            return IngestError.Invalid(index, "message", $"Event {index}: 'message' must not be empty.");
        }

        if (length > EventParser.MaxMessageBytes)
        {
            return IngestError.Invalid(index, "message", $"Event {index}: 'message' is longer than 32 KiB ({length} bytes).");
        }

        fields.Message = RawString(source, reader.TokenStartIndex, reader.ValueSpan.Length);
        return null;
    }

    private static IngestError? ReadTimestamp(ref Utf8JsonReader reader, int index, ref EventFields fields)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            // An escaped spelling is the same string (as for field names): read what it unescapes to.
            Span<byte> unescaped = reader.ValueIsEscaped && reader.ValueSpan.Length <= 128 ? stackalloc byte[128] : [];
            var text = !reader.ValueIsEscaped ? reader.ValueSpan
                : unescaped.IsEmpty ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!)
                : unescaped[..reader.CopyString(unescaped)];
            if (Rfc3339.TryParse(text, out var timestamp))
            {
                fields.Timestamp = timestamp;
                return null;
            }
        }

        return IngestError.Invalid(index, "timestamp",
            $"Event {index}: 'timestamp' must be an RFC 3339 date-time such as 2024-05-01T12:00:00Z (years 0001 to 9999 in UTC).");
    }

    private static IngestError? ReadLevel(ref Utf8JsonReader reader, int index, ref EventFields fields)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 5)
        {
            Span<char> lower = stackalloc char[5];
            var count = System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, lower);
            foreach (var level in Levels)
            {
                if (level.AsSpan().Equals(lower[..count], StringComparison.OrdinalIgnoreCase))
                {
                    fields.Level = level;
                    return null;
                }
            }
        }

        return IngestError.Invalid(index, "level", $"Event {index}: 'level' must be one of {string.Join(", ", Levels)}.");
    }

    private static IngestError? ReadService(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int index, ref EventFields fields)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return IngestError.Invalid(index, "service", $"Event {index}: 'service' must be a string.");
        }

        ThrowIfEscapesAreInvalid(ref reader);
        fields.Service = RawString(source, reader.TokenStartIndex, reader.ValueSpan.Length);
        return null;
    }

    // The key buffers are only read where written: no need to zero them for every event.
    [SkipLocalsInit]
    private static IngestError? ReadAttributes(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int index, ref EventFields fields)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return IngestError.Invalid(index, "attributes", $"Event {index}: 'attributes' must be a JSON object.");
        }

        var start = (int)reader.TokenStartIndex;
        var count = 0;
        var keys = new AttributeKeys(source, stackalloc byte[AttributeKeys.StackBytes],
            stackalloc int[EventParser.MaxAttributes], stackalloc int[EventParser.MaxAttributes]);
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (++count > EventParser.MaxAttributes)
                {
                    return IngestError.Invalid(index, "attributes", $"Event {index}: 'attributes' has more than {EventParser.MaxAttributes} keys.");
                }

                // Unescaping never makes a key longer than it is written.
                var isNew = reader.ValueIsEscaped
                    ? keys.AddUnescaped(reader.CopyString(keys.RoomFor(reader.ValueSpan.Length)))
                    : keys.AddAsWritten((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                var key = reader.ValueIsEscaped ? reader.GetString()! : null;
                var keySpan = reader.ValueSpan;
                if (!isNew)
                {
                    var duplicate = Shorten(key ?? System.Text.Encoding.UTF8.GetString(keySpan));
                    return IngestError.Invalid(index, $"attributes.{duplicate}", $"Event {index}: attribute '{duplicate}' appears more than once.");
                }

                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    var name = Shorten(key ?? System.Text.Encoding.UTF8.GetString(keySpan));
                    return IngestError.Invalid(index, $"attributes.{name}",
                        $"Event {index}: attribute '{name}' must be a string, number, boolean or null (attributes are flat).");
                }

                ThrowIfEscapesAreInvalid(ref reader);
            }
        }
        finally
        {
            keys.Dispose();
        }

        fields.Attributes = source[start..(int)reader.BytesConsumed];
        return null;
    }

    private static void Write(LineSink sink, ReadOnlySpan<byte> source, ref EventFields fields)
    {
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteString("timestamp"u8, fields.Timestamp ?? sink.Now.UtcDateTime);
        writer.WriteString("level"u8, fields.Level ?? "info");
        if (!fields.Service.IsEmpty)
        {
            writer.WritePropertyName("service"u8);
            writer.WriteRawValue(fields.Service, skipInputValidation: true);
        }

        writer.WritePropertyName("message"u8);
        writer.WriteRawValue(fields.Message, skipInputValidation: true);
        if (!fields.Attributes.IsEmpty)
        {
            writer.WritePropertyName("attributes"u8);
            AttributesWriter.Write(writer, fields.Attributes);
        }

        writer.WriteEndObject();
        sink.EndLine();
    }

    /// <summary>The string token as it stands in the source, quotes and escapes included.</summary>
    private static ReadOnlySpan<byte> RawString(ReadOnlySpan<byte> source, long tokenStart, int valueLength) =>
        source.Slice((int)tokenStart, valueLength + 2);

    /// <summary>Decoding an escaped string throws <see cref="InvalidOperationException"/> for escapes such as a lone surrogate.</summary>
    private static void ThrowIfEscapesAreInvalid(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
        {
            _ = reader.GetString();
        }
    }

    private static IngestError? Once(ref int seen, int flag, int index, string field)
    {
        if ((seen & flag) != 0)
        {
            return IngestError.Invalid(index, field, $"Event {index}: '{field}' appears more than once.");
        }

        seen |= flag;
        return null;
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";

    private ref struct EventFields
    {
        public const int SeenMessage = 1;
        public const int SeenTimestamp = 2;
        public const int SeenLevel = 4;
        public const int SeenService = 8;
        public const int SeenAttributes = 16;

        public int Seen;
        public ReadOnlySpan<byte> Message;
        public ReadOnlySpan<byte> Service;
        public ReadOnlySpan<byte> Attributes;
        public DateTime? Timestamp;
        public string? Level;
    }
}
