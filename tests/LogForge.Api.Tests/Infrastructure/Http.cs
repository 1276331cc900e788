using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LogForge.Api.Tests.Infrastructure;

public static class Http
{
    public static HttpRequestMessage PostLogs(string body, string contentType = "application/json", string? bearer = TestSettings.KeyOne) =>
        PostLogs(Encoding.UTF8.GetBytes(body), contentType, bearer);

    public static HttpRequestMessage PostLogs(byte[] body, string? contentType, string? bearer = TestSettings.KeyOne)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
