using System.Net;
using System.Text;
using System.Text.Json;
using LogForge.Api.Hosting;
using LogForge.Api.Tests.Infrastructure;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace LogForge.Api.Tests;

/// <summary>Request logging goes through a background writer: every request still gets its line, keys and bodies never appear.</summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Every_request_gets_one_structured_line_without_keys_or_bodies_and_SIGTERM_flushes_them()
    {
        using var work = new TempDirectory();
        await using var service = ServiceProcess.Start(TestSettings.AsEnvironment(TestSettings.FilePipeline(work.Combine("data"))), work.Path);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));

        const int accepted = 300;
        const int refused = 20;
        var requests = Enumerable.Range(0, accepted).Select(i => Http.PostLogs($$"""{"message":"body-marker-{{i}}"}"""))
            .Concat(Enumerable.Range(0, refused).Select(i =>
            {
                var request = Http.PostLogs($$"""{"message":"refused-marker-{{i}}"}""", bearer: null);
                request.Headers.Add("X-Api-Key", "wrong-key-marker");
                return request;
            }))
            .ToList();
        var statuses = await Task.WhenAll(requests.Select(async request =>
        {
            using var response = await service.Client.SendAsync(request);
            return response.StatusCode;
        }));
        Assert.Equal(accepted, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(refused, statuses.Count(s => s == HttpStatusCode.Unauthorized));

        // Stop right away: lines still queued must be written before the process exits.
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(20))); // returns once its stdout is read to the end

        var output = service.Output;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(e => e.TryGetProperty("RequestPath", out var path) && path.GetString() == "/logs")
            .ToList();
        Assert.Equal(accepted, lines.Count(e => e.GetProperty("StatusCode").GetInt32() == 202));
        Assert.Equal(refused, lines.Count(e => e.GetProperty("StatusCode").GetInt32() == 401));
        Assert.All(lines, e =>
        {
            Assert.Equal("POST", e.GetProperty("RequestMethod").GetString());
            Assert.True(e.TryGetProperty("Elapsed", out _));
            Assert.True(e.TryGetProperty("@t", out _));
        });
        Assert.DoesNotContain(TestSettings.KeyOne, output);
        Assert.DoesNotContain("wrong-key-marker", output);
        Assert.DoesNotContain("body-marker", output);
        Assert.DoesNotContain("refused-marker", output);
    }

    [Fact]
    public void The_background_sink_writes_every_event_in_order_past_its_capacity_and_drains_on_dispose()
    {
        var output = new MemoryStream();
        var count = BackgroundLineSink.Capacity * 3;
        var sink = new BackgroundLineSink(new CompactJsonFormatter(), output);
        var template = new MessageTemplateParser().Parse("line {N}");
        Parallel.For(0, 4, writer =>
        {
            for (var n = writer; n < count; n += 4)
            {
                sink.Emit(new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, template,
                    [new LogEventProperty("N", new ScalarValue(n)), new LogEventProperty("W", new ScalarValue(writer))]));
            }
        });
        sink.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, lines.Length);
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, count), events.Select(e => e.GetProperty("N").GetInt32()).Order());
        foreach (var group in events.GroupBy(e => e.GetProperty("W").GetInt32()))
        {
            var numbers = group.Select(e => e.GetProperty("N").GetInt32()).ToList();
            Assert.Equal(numbers.Order(), numbers); // one emitter's events stay in its order
        }
    }

    [Fact]
    public void Events_emitted_after_dispose_are_dropped_without_blocking_or_throwing()
    {
        var output = new MemoryStream();
        var sink = new BackgroundLineSink(new CompactJsonFormatter(), output);
        sink.Dispose();
        var template = new MessageTemplateParser().Parse("late");
        for (var i = 0; i < BackgroundLineSink.Capacity + 10; i++)
        {
            sink.Emit(new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, template, []));
        }

        Assert.Equal(0, output.Length);
    }
}

/// <summary>The pre-serialized 202 says exactly what the JSON serializer said for <see cref="LogForge.Api.Endpoints.IngestAccepted"/>.</summary>
public sealed class AcceptedCountTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(10_000)]
    public async Task The_202_body_and_headers_match_the_serialized_record(int count)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;

        await LogForge.Api.Endpoints.AcceptedCount.For(count).ExecuteAsync(context);

        var expected = JsonSerializer.Serialize(new LogForge.Api.Endpoints.IngestAccepted(count), JsonSerializerOptions.Web);
        Assert.Equal(202, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(expected, Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(body.Length, context.Response.ContentLength);
    }
}
