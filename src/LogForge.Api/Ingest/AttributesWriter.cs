using System.Text.Json;

namespace LogForge.Api.Ingest;

/// <summary>Writes an already validated flat attributes object compactly (no whitespace, so the NDJSON line stays one line).</summary>
internal static class AttributesWriter
{
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> attributes)
    {
        var reader = new Utf8JsonReader(attributes);
        reader.Read();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                writer.WritePropertyName(reader.GetString()!);
            }
            else
            {
                writer.WritePropertyName(reader.ValueSpan);
            }

            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    writer.WriteRawValue(attributes.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2), skipInputValidation: true);
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
