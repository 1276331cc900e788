using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace LogForge.Api.Ingest;

/// <summary>
/// Validates a request body (one JSON event, a JSON array, or NDJSON) and writes every event,
/// normalised, as one NDJSON line. All or nothing: the first bad event stops the parse.
/// </summary>
public static class EventParser
{
    public const int MaxMessageBytes = 32 * 1024;
    public const int MaxAttributes = 64;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static IngestError? Parse(ReadOnlySpan<byte> body, BodyFormat format, int maxEvents, DateTimeOffset now, out EventBatch? batch)
    {
        batch = null;
        if (body.StartsWith(Utf8ByteOrderMark))
        {
            body = body[3..];
        }

        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return IngestError.Invalid(null, null, "The body is empty.");
        }

        if (!Utf8.IsValid(body))
        {
            return IngestError.Invalid(null, null, "The body is not valid UTF-8.");
        }

        var output = new PooledBufferWriter(body.Length + (body.Length / 2) + 256);
        var lineEnds = new List<int>(format == BodyFormat.Ndjson ? 16 : 1);
        var writer = new Utf8JsonWriter(output, WriterOptions);
        var sink = new LineSink(output, writer, lineEnds, now);
        try
        {
            var error = format == BodyFormat.Ndjson
                ? ParseNdjson(body, maxEvents, sink)
                : ParseJson(body, maxEvents, sink);
            if (error is null && lineEnds.Count == 0)
            {
                error = IngestError.Invalid(null, null, "The body holds no events.");
            }

            if (error is not null)
            {
                output.Dispose();
                return error;
            }

            batch = new EventBatch(output, lineEnds);
            return null;
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static IngestError? ParseJson(ReadOnlySpan<byte> body, int maxEvents, LineSink sink)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        var index = 0;
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                var error = EventReader.ReadAndWrite(ref reader, body, index, sink);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (index >= maxEvents)
                    {
                        return IngestError.TooLarge($"More than {maxEvents} events in one request.");
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return IngestError.Invalid(index, null, $"Event {index} is not a JSON object.");
                    }

                    var error = EventReader.ReadAndWrite(ref reader, body, index, sink);
                    if (error is not null)
                    {
                        return error;
                    }

                    index++;
                }
            }
            else
            {
                return IngestError.Invalid(null, null, "The body must be a JSON object or an array of JSON objects.");
            }

            while (reader.Read())
            {
                // Reads to the end so that trailing content is reported as invalid JSON.
            }

            return null;
        }
        catch (JsonException ex)
        {
            return IngestError.Invalid(index, null, $"Invalid JSON in event {index}: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            return InvalidText(index);
        }
    }

    private static IngestError? ParseNdjson(ReadOnlySpan<byte> body, int maxEvents, LineSink sink)
    {
        var index = 0;
        while (!body.IsEmpty)
        {
            var newline = body.IndexOf((byte)'\n');
            var line = (newline < 0 ? body : body[..newline]).Trim(" \t\r"u8);
            body = newline < 0 ? [] : body[(newline + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (index >= maxEvents)
            {
                return IngestError.TooLarge($"More than {maxEvents} events in one request.");
            }

            try
            {
                var reader = new Utf8JsonReader(line, ReaderOptions);
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return IngestError.Invalid(index, null, $"Event {index} is not a JSON object.");
                }

                var error = EventReader.ReadAndWrite(ref reader, line, index, sink);
                if (error is not null)
                {
                    return error;
                }

                while (reader.Read())
                {
                    // Trailing content on the line is reported as invalid JSON.
                }
            }
            catch (JsonException ex)
            {
                return IngestError.Invalid(index, null, $"Invalid JSON in event {index}: {ex.Message}");
            }
            catch (InvalidOperationException)
            {
                return InvalidText(index);
            }

            index++;
        }

        return null;
    }

    /// <summary>A string whose escapes do not decode to valid text (a lone surrogate such as \ud800).</summary>
    private static IngestError InvalidText(int index) =>
        IngestError.Invalid(index, null, $"Event {index} holds a string whose escapes are not valid Unicode text.");
}
