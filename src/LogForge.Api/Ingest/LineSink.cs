using System.Text.Json;

namespace LogForge.Api.Ingest;

/// <summary>Where the parser writes normalised events: one JSON object per line into pooled memory.</summary>
internal sealed class LineSink(PooledBufferWriter output, Utf8JsonWriter writer, List<int> lineEnds, DateTimeOffset now)
{
    public Utf8JsonWriter Writer => writer;

    public DateTimeOffset Now => now;

    public void EndLine()
    {
        writer.Flush();
        output.Write((byte)'\n');
        lineEnds.Add(output.WrittenCount);
        writer.Reset(output);
    }
}
