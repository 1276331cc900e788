using System.Net;
using System.Text;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

public sealed class LogsApiTests(FileService service) : IClassFixture<FileService>
{
    [Fact]
    public async Task One_event_is_normalised_and_durable_before_202()
    {
        var marker = Guid.NewGuid().ToString("N");

        using var response = await service.Client.SendAsync(Http.PostLogs(
            $$$"""{"message":"hello {{{marker}}}","level":"ERROR","service":"checkout","timestamp":"2024-05-01T12:00:00.5+02:00","attributes":{"user":"u1","n":3,"ok":true,"none":null}}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        var stored = Assert.Single(service.EventsWith(marker));
        Assert.Equal("2024-05-01T10:00:00.5Z", stored.GetProperty("timestamp").GetString());
        Assert.Equal("error", stored.GetProperty("level").GetString());
        Assert.Equal("checkout", stored.GetProperty("service").GetString());
        Assert.Equal("u1", stored.GetProperty("attributes").GetProperty("user").GetString());
        Assert.Equal(3, stored.GetProperty("attributes").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Defaults_are_level_info_and_timestamp_now()
    {
        var marker = Guid.NewGuid().ToString("N");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{marker}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = Assert.Single(service.EventsWith(marker));
        Assert.Equal("info", stored.GetProperty("level").GetString());
        var timestamp = DateTimeOffset.Parse(stored.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_json_array_is_accepted_whole()
    {
        var marker = Guid.NewGuid().ToString("N");
        var events = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"message":"{{marker}} {{i}}"}"""));

        using var response = await service.Client.SendAsync(Http.PostLogs($"[{events}]"));

        Assert.Equal(50, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        Assert.Equal(50, service.EventsWith(marker).Count);
    }

    [Theory]
    [InlineData("application/x-ndjson")]
    [InlineData("application/x-ndjson; charset=utf-8")]
    [InlineData("application/x-ndjson; charset=\"utf-8\"")]
    [InlineData("application/x-ndjson;CHARSET=\"UTF-8\"")]
    public async Task Ndjson_lines_are_events_and_blank_lines_are_skipped(string contentType)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = $"{{\"message\":\"{marker} a\"}}\r\n\n{{\"message\":\"{marker} b\",\"level\":\"debug\"}}\n";

        using var response = await service.Client.SendAsync(Http.PostLogs(body, contentType));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        Assert.Equal(2, service.EventsWith(marker).Count);
    }

    [Fact]
    public async Task Either_rotation_key_is_accepted_as_bearer_or_x_api_key()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var bearer = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{marker}}"}""", bearer: TestSettings.KeyTwo));
        var request = Http.PostLogs($$"""{"message":"{{marker}}"}""", bearer: null);
        request.Headers.Add("X-Api-Key", TestSettings.KeyOne);
        using var header = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, header.StatusCode);
        Assert.Equal(2, service.EventsWith(marker).Count);
    }

    [Fact]
    public async Task Missing_and_wrong_keys_get_the_same_401_and_nothing_is_written()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var missing = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{marker}}"}""", bearer: null));
        using var wrong = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{marker}}"}""", bearer: TestSettings.KeyOne + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var missingBody = await missing.JsonAsync();
        var wrongBody = await wrong.JsonAsync();
        Assert.Equal(missingBody.GetProperty("detail").GetString(), wrongBody.GetProperty("detail").GetString());
        Assert.Empty(service.EventsWith(marker));
    }

    [Theory]
    [InlineData("""[{"message":"ok"},{"message":"ok","level":"loud"}]""", 1, "level")]
    [InlineData("""[{"message":"ok"},{"message":"ok"},{"level":"info"}]""", 2, "message")]
    [InlineData("""{"message":42}""", 0, "message")]
    [InlineData("""{"message":"ok","timestamp":"yesterday"}""", 0, "timestamp")]
    [InlineData("""{"message":"ok","timestamp":"2024-05-01"}""", 0, "timestamp")]
    [InlineData("""{"message":"ok","attributes":{"nested":{"a":1}}}""", 0, "attributes.nested")]
    [InlineData("""{"message":"ok","attributes":[1,2]}""", 0, "attributes")]
    [InlineData("""{"message":"ok","service":7}""", 0, "service")]
    [InlineData("""{"message":"ok","host":"h1"}""", 0, "host")]
    [InlineData("""{"message":"ok","message":"twice"}""", 0, "message")]
    [InlineData("""{"message":"ok","\u006dessage":"twice, escaped"}""", 0, "message")]
    [InlineData("""{"message":"ok","attributes":{"k":1,"k":2}}""", 0, "attributes.k")]
    [InlineData("""{"message":"ok","attributes":{"k":1,"\u006b":2}}""", 0, "attributes.k")]
    [InlineData("""{"message":"ok","attributes":{"\u006B":1,"k":"x"}}""", 0, "attributes.k")]
    [InlineData("""{"message":"ok","attributes":{"é":1,"\u00e9":2}}""", 0, "attributes.é")]
    [InlineData("""[{"message":"ok"},{"message":"ok","attributes":{"a":1,"b":2,"a":null}}]""", 1, "attributes.a")]
    public async Task A_bad_event_gets_400_naming_its_index_and_field_and_nothing_is_written(string body, int index, string field)
    {
        var marker = Guid.NewGuid().ToString("N");
        body = body.Replace("\"ok\"", $"\"{marker}\"", StringComparison.Ordinal);

        using var response = await service.Client.SendAsync(Http.PostLogs(body));
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(index, problem.GetProperty("index").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Empty(service.EventsWith(marker));
    }

    [Fact]
    public async Task Attribute_keys_that_differ_only_in_case_or_spacing_are_different_keys()
    {
        var marker = Guid.NewGuid().ToString("N");

        using var response = await service.Client.SendAsync(Http.PostLogs($$$"""{"message":"{{{marker}}}","attributes":{"k":1,"K":2,"k ":3,"\u006b\u006b":4}}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var attributes = Assert.Single(service.EventsWith(marker)).GetProperty("attributes");
        Assert.Equal(["k", "K", "k ", "kk"], attributes.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("2024-05-01t12:00:00z", "2024-05-01T12:00:00Z")]
    [InlineData("2024-05-01T12:00:00.123456789+02:00", "2024-05-01T10:00:00.1234567Z")]
    [InlineData("2024-05-01T12:00:00.000000000000000000000000000001Z", "2024-05-01T12:00:00Z")]
    [InlineData("2024-05-01T12:00:00+23:59", "2024-04-30T12:01:00Z")]
    [InlineData("2024-05-01T12:00:00-00:00", "2024-05-01T12:00:00Z")]
    [InlineData("2024-02-29T23:59:59.5-00:30", "2024-03-01T00:29:59.5Z")]
    [InlineData("1998-12-31T23:59:60Z", "1998-12-31T23:59:59.9999999Z")]
    [InlineData("1998-12-31T15:59:60.123-08:00", "1998-12-31T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [InlineData("2024-05-01T12:00:00\\u005a", "2024-05-01T12:00:00Z")]
    public async Task Timestamps_follow_RFC_3339_section_5_6_and_are_stored_in_UTC(string timestamp, string stored)
    {
        var marker = Guid.NewGuid().ToString("N");

        using var response = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{marker}}","timestamp":"{{timestamp}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(stored, Assert.Single(service.EventsWith(marker)).GetProperty("timestamp").GetString());
    }

    [Theory]
    [InlineData("2024-05-01T12:00-01:00")]
    [InlineData("2024-05-01T12:00Z")]
    [InlineData("2024-05-01 12:00:00Z")]
    [InlineData("2024-05-01T12:00:00.Z")]
    [InlineData("2024-05-01T12:00:00+0100")]
    [InlineData("2024-05-01T12:00:00+01")]
    [InlineData("2024-05-01T12:00:00+24:00")]
    [InlineData("2024-05-01T12:00:00+01:60")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("2024-05-01T12:60:00Z")]
    [InlineData("2024-05-01T12:00:61Z")]
    [InlineData("1998-12-31T22:59:60Z")]
    [InlineData("1998-12-31T23:59:60+01:00")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-04-31T00:00:00Z")]
    [InlineData("2024-5-01T12:00:00Z")]
    [InlineData("+2024-05-01T12:00:00Z")]
    [InlineData("2024-05-01T12:00:00Zjunk")]
    [InlineData("2024-05-01T12:00:00z ")]
    [InlineData("２０２４-05-01T12:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+00:01")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public async Task Timestamps_outside_RFC_3339_section_5_6_or_outside_years_1_to_9999_get_400(string timestamp)
    {
        using var response = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"m","timestamp":"{{timestamp}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("timestamp", (await response.JsonAsync()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_message_over_32_KiB_is_refused()
    {
        using var response = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{new string('x', 32 * 1024 + 1)}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("message", (await response.JsonAsync()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_message_of_exactly_32_KiB_is_accepted()
    {
        var marker = Guid.NewGuid().ToString("N");
        var message = marker + new string('x', 32 * 1024 - marker.Length);

        using var response = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{message}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task More_than_64_attributes_are_refused()
    {
        var attributes = string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"k{i}\":{i}"));

        using var response = await service.Client.SendAsync(Http.PostLogs("{\"message\":\"m\",\"attributes\":{" + attributes + "}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("attributes", (await response.JsonAsync()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_over_1_MiB_gets_413()
    {
        var events = string.Join("\n", Enumerable.Range(0, 40).Select(_ => $$"""{"message":"{{new string('y', 30_000)}}"}"""));

        using var response = await service.Client.SendAsync(Http.PostLogs(Encoding.UTF8.GetBytes(events), "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_quoted_charset_is_the_same_charset()
    {
        var marker = Guid.NewGuid().ToString("N");

        using var response = await service.Client.SendAsync(Http.PostLogs($$"""{"message":"{{marker}}"}""", "application/json; charset=\"utf-8\""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(service.EventsWith(marker));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; charset=\"latin1\"")]
    [InlineData("application/json; charset=\"utf-16\"")]
    [InlineData(null)]
    public async Task Other_media_types_get_415(string? contentType)
    {
        using var response = await service.Client.SendAsync(Http.PostLogs(Encoding.UTF8.GetBytes("""{"message":"m"}"""), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
