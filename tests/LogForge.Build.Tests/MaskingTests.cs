using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

public sealed class MaskingTests : IDisposable
{
    private const string Token = "test-only-token-value-42";
    private readonly TestRun _run = new();

    public MaskingTests() => _run.Environment["GITHUB_TOKEN"] = Token;

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Secrets_are_masked_in_log_lines(string format)
    {
        _run.Run(new ParameterBuild(), "LeakInLog", "--log-format", format);
        Assert.Contains("calling the API with token", _run.Output);
        Assert.Contains(SecretMasker.Mask, _run.Output);
        Assert.DoesNotContain(Token, _run.Output);
    }

    [Fact]
    public void Secrets_are_masked_in_exception_messages_and_the_summary()
    {
        var result = _run.Run(new ParameterBuild(), "LeakInException");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("401 for token **** on api.github.com", _run.Output);
        Assert.DoesNotContain(Token, _run.Output);
    }

    [Fact]
    public void Secrets_are_masked_in_child_process_output()
    {
        var result = _run.Run(new ParameterBuild(), "LeakInChildOutput");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("child sees ****", _run.Output);
        Assert.Contains("again: ****", _run.Output);
        Assert.DoesNotContain(Token, _run.Output);
    }

    [Fact]
    public void A_secret_split_across_writes_is_still_masked()
    {
        var masker = new SecretMasker();
        masker.Add("s3cr3t-value");
        var target = new StringWriter();
        using (var writer = new MaskingTextWriter(target, masker))
        {
            writer.Write("key=s3cr3t");
            writer.Write("-value and more\nnext line s3cr3t-");
            writer.Write("value");
        }
        Assert.Equal("key=**** and more\nnext line ****", target.ToString());
    }

    [Fact]
    public void Secrets_written_as_json_strings_are_masked_too()
    {
        var masker = new SecretMasker();
        masker.Add("pa\"ss\\word");
        Assert.Equal("{\"m\":\"****\"}", masker.Apply("{\"m\":\"pa\\\"ss\\\\word\"}"));
    }

    public void Dispose() => _run.Dispose();
}
