using System.Text;
using LogForge.Delivery.Smoke;

namespace LogForge.Delivery.Tests.Smoke;

public sealed class HttpAnswerTests
{
    [Fact]
    public void A_long_body_is_quoted_to_its_first_200_bytes_on_one_line()
    {
        var body = "{\"detail\":\"" + new string('x', 300) + "\"}\n";
        var described = HttpAnswer.Of(503, Encoding.UTF8.GetBytes("line one\r\n" + body)).Describe();
        Assert.Equal("503 line one " + ("{\"detail\":\"" + new string('x', 300))[..(200 - "line one\r\n".Length)] + "…", described);
    }

    [Fact]
    public void A_short_body_is_quoted_whole()
    {
        Assert.Equal("401 {\"title\":\"Unauthorized\"}", HttpAnswer.Of(401, Encoding.UTF8.GetBytes("{\"title\":\"Unauthorized\"}")).Describe());
        Assert.Equal("204 (empty body)", HttpAnswer.Of(204, []).Describe());
    }

    [Fact]
    public void No_answer_says_why()
    {
        Assert.Equal("no answer: Connection refused (127.0.0.1:1)", HttpAnswer.NoAnswer("Connection refused (127.0.0.1:1)").Describe());
    }
}
