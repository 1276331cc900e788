using System.Text;
using System.Text.Json;
using LogForge.Api.Ingest;

namespace LogForge.Api.Tests;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Escapes_survive_and_every_event_stays_on_one_line()
    {
        var body = """
            [
              {
                "message": "line one\nline two \"quoted\" \u00e9 ☃",
                "attributes": { "path\ttab": "a\\b", "pretty": 1.5e3 }
              }
            ]
            """;

        using var batch = Parse(body, BodyFormat.Json);

        var line = Encoding.UTF8.GetString(batch.Ndjson.Span);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
        using var stored = JsonDocument.Parse(batch.Event(0).ToArray());
        Assert.Equal("line one\nline two \"quoted\" é ☃", stored.RootElement.GetProperty("message").GetString());
        Assert.Equal("a\\b", stored.RootElement.GetProperty("attributes").GetProperty("path\ttab").GetString());
        Assert.Equal(1500, stored.RootElement.GetProperty("attributes").GetProperty("pretty").GetDouble());
        Assert.Equal("2026-01-02T03:04:05Z", stored.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Ndjson_events_are_indexed_in_order_skipping_blank_lines()
    {
        var error = EventParser.Parse(Encoding.UTF8.GetBytes("{\"message\":\"a\"}\n\n{\"message\":\"b\"}\n{\"message\":\"c\",\"level\":5}"),
            BodyFormat.Ndjson, 100, Now, out var batch);

        Assert.Null(batch);
        Assert.Equal(2, error!.Index);
        Assert.Equal("level", error.Field);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_ignored()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"message":"bom"}""")).ToArray();

        var error = EventParser.Parse(body, BodyFormat.Json, 100, Now, out var batch);

        Assert.Null(error);
        Assert.Equal(1, batch!.Count);
        batch.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("[1,2]")]
    [InlineData("{\"message\":\"a\"} {\"message\":\"b\"}")]
    [InlineData("{\"message\":\"\"}")]
    public void Bodies_without_valid_events_are_refused_with_400(string body)
    {
        var error = EventParser.Parse(Encoding.UTF8.GetBytes(body), BodyFormat.Json, 100, Now, out var batch);

        Assert.Null(batch);
        Assert.Equal(400, error!.StatusCode);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var body = Encoding.UTF8.GetBytes("""{"message":"xx"}""");
        body[12] = 0xC3;
        body[13] = 0x28;

        var error = EventParser.Parse(body, BodyFormat.Json, 100, Now, out _);

        Assert.Equal(400, error!.StatusCode);
        Assert.Contains("UTF-8", error.Detail);
    }

    [Fact]
    public void The_32_KiB_limit_counts_unescaped_utf8_bytes()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u00e9", 16 * 1024));
        var tooLong = escaped + "x";

        Assert.Null(EventParser.Parse(Encoding.UTF8.GetBytes($$"""{"message":"{{escaped}}"}"""), BodyFormat.Json, 1, Now, out var ok));
        Assert.Equal("message", EventParser.Parse(Encoding.UTF8.GetBytes($$"""{"message":"{{tooLong}}"}"""), BodyFormat.Json, 1, Now, out _)!.Field);
        ok!.Dispose();
    }

    [Fact]
    public void Duplicate_attribute_keys_are_found_when_the_keys_outgrow_the_stack_buffer()
    {
        var keys = Enumerable.Range(0, 60).Select(i => $"\"{new string('k', 40)}{i}\":{i}").ToList();
        var distinct = $"{{\"message\":\"m\",\"attributes\":{{{string.Join(",", keys)}}}}}";
        var repeated = $"{{\"message\":\"m\",\"attributes\":{{{string.Join(",", keys)},\"\\u006b{new string('k', 39)}7\":0}}}}";

        Assert.Null(EventParser.Parse(Encoding.UTF8.GetBytes(distinct), BodyFormat.Json, 1, Now, out var batch));
        batch!.Dispose();
        var error = EventParser.Parse(Encoding.UTF8.GetBytes(repeated), BodyFormat.Json, 1, Now, out _);
        Assert.Equal($"attributes.{new string('k', 40)}7", error!.Field);
    }

    private static EventBatch Parse(string body, BodyFormat format)
    {
        var error = EventParser.Parse(Encoding.UTF8.GetBytes(body), format, 100, Now, out var batch);
        Assert.Null(error);
        return batch!;
    }
}
