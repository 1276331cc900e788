using System.Text.Json;
using System.Text.RegularExpressions;
using LogForge.Build.Engine;

namespace LogForge.Build.Tests;

/// <summary>
/// A [Secret] value never reaches the console, the step summary or an error, whatever its source,
/// its characters or the log format. Each secret is built from distinctive ASCII chunks (qtA1, qtB2 …)
/// joined by the hard characters; no chunk may appear anywhere, so a leak in any encoding is caught.
/// </summary>
public sealed partial class SecretMaskingTests : IDisposable
{
    private readonly TestRun _run = new();

    public static readonly TheoryData<string> Secrets =
    [
        "plainTokA1-plainTokB2",
        "qtA1\"qtB2\\qtC3\"",
        "ctlA1\fctlB2\u0001ctlC3\tctlD4\u001b[0m",
        "uniA1ключuniB2秘密uniC3é",
        "mlA1-line-one\nmlB2-line-two\r\nmlC3-line-three",
    ];

    public static TheoryData<string, string, string> EverySourceAndFormat()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var secret in Secrets)
        foreach (var source in new[] { "option", "environment", "parameters.json", "profile" })
        foreach (var format in new[] { "text", "json" })
            data.Add(secret, source, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(EverySourceAndFormat))]
    public void A_secret_is_masked_in_log_lines_child_output_exceptions_and_the_step_summary(string secret, string source, string format)
    {
        var summary = Path.Combine(_run.Root, "step-summary.md");
        _run.Environment["GITHUB_STEP_SUMMARY"] = summary;
        var supply = Supply("GithubToken", "--github-token", "GITHUB_TOKEN", secret, source).ToList();
        string[] options = ["--log-format", format, "--verbose", .. supply];

        Assert.Equal(0, _run.Run(new ParameterBuild(), "Show", ["LeakInLog", "LeakInChildOutput", .. options]).ExitCode);
        var written = _run.Output + _run.Error;
        Assert.Equal(1, _run.Run(new ParameterBuild(), "Show", ["LeakInException", .. options]).ExitCode);
        written += _run.Output + _run.Error;

        Assert.Contains("calling the API with token", written);
        Assert.Contains("child sees", written);
        Assert.Contains("again:", written);
        Assert.Contains("on api.github.com", written);
        Assert.Contains(SecretMasker.Mask, written);
        Assert.Contains(SecretMasker.Mask, File.ReadAllText(summary));
        AssertNoChunkOf(secret, written + File.ReadAllText(summary));
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_secret_given_twice_on_the_command_line_is_not_echoed(string secret)
    {
        var result = _run.Run(new ParameterBuild(), "Show", "--github-token", secret, "extra-valueZ9");
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.StartsWith("✗ --github-token takes one value but got 2 — ", _run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("extra-valueZ9", _run.Error);
        AssertNoChunkOf(secret, _run.Output + _run.Error);
    }

    public static TheoryData<string, string> InvalidSecretFromEverySource()
    {
        var data = new TheoryData<string, string>();
        foreach (var secret in Secrets)
        foreach (var source in new[] { "option", "environment", "parameters.json", "profile" })
            data.Add(secret, source);
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidSecretFromEverySource))]
    public void An_invalid_secret_value_is_refused_without_echoing_it(string secret, string source)
    {
        var result = _run.Run(new ParameterBuild(), "Show", [.. Supply("UnlockCode", "--unlock-code", "UNLOCK_CODE", secret, source)]);
        Assert.Equal(BuildRunner.UsageError, result.ExitCode);
        Assert.Matches(@"^✗ Parameter \S+( in \S+)? \(a secret, not shown\) has a value that is not a whole number — pass a whole number\.\n$", _run.Error);
        AssertNoChunkOf(secret, _run.Output + _run.Error);
    }

    [Fact]
    public void A_secret_only_in_an_overridden_layer_is_masked_too()
    {
        _run.WriteFile(".nuke/parameters.json", JsonSerializer.Serialize(new Dictionary<string, string> { ["UnlockCode"] = "layerSecretA1" }));
        _run.WriteFile(".nuke/parameters.ci.json", """{ "UnlockCode": "7" }""");
        _run.Run(new ParameterBuild(), "Show", "--profile", "ci");
        Assert.Equal("", _run.Error);
        Assert.DoesNotContain("layerSecretA1", _run.Output);
    }

    private IEnumerable<string> Supply(string name, string option, string variable, string secret, string source)
    {
        switch (source)
        {
            case "option":
                return [option, secret];
            case "environment":
                _run.Environment[variable] = secret;
                return [];
            case "parameters.json":
                _run.WriteFile(".nuke/parameters.json", JsonSerializer.Serialize(new Dictionary<string, string> { [name] = secret }));
                return [];
            default:
                _run.WriteFile(".nuke/parameters.ci.json", JsonSerializer.Serialize(new Dictionary<string, string> { [name] = secret }));
                return ["--profile", "ci"];
        }
    }

    private static void AssertNoChunkOf(string secret, string text)
    {
        var chunks = Chunk().Matches(secret).Select(m => m.Value).ToList();
        Assert.NotEmpty(chunks);
        foreach (var chunk in chunks)
            Assert.False(text.Contains(chunk, StringComparison.Ordinal), $"'{chunk}' of the secret leaked:\n{text}");
    }

    [GeneratedRegex("[a-zA-Z]{2,}[A-Z][0-9]")]
    private static partial Regex Chunk();

    public void Dispose() => _run.Dispose();
}
